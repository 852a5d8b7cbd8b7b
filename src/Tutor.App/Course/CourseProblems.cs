namespace Tutor.App.Course;

/// <summary>
/// What makes a course file unusable, each problem named, so whoever edits it fixes them all in one go. The
/// deserialiser lets a missing field through as null, so the fields are checked here whatever their types say.
/// </summary>
internal static class CourseProblems
{
    public static IReadOnlyList<string> Of(CourseDocument? course)
    {
        if (course is null)
        {
            return ["the file holds no course (it is empty or null)"];
        }

        var problems = new List<string>();
        if (Blank(course.Title))
        {
            problems.Add("the course has no title");
        }

        if (Blank(course.Summary))
        {
            problems.Add("the course has no summary");
        }

        if (course.Units is not { Count: > 0 })
        {
            problems.Add("the course has no units");
            return problems;
        }

        for (var u = 0; u < course.Units.Count; u++)
        {
            var unit = course.Units[u];
            var where = $"unit {u + 1}{(unit is null || Blank(unit.Id) ? "" : $" ({unit.Id})")}";
            if (unit is null || Blank(unit.Id) || Blank(unit.Title))
            {
                problems.Add($"{where} needs an id and a title");
            }

            if (unit?.Sections is not { Count: > 0 })
            {
                problems.Add($"{where} has no sections");
                continue;
            }

            for (var s = 0; s < unit.Sections.Count; s++)
            {
                var section = unit.Sections[s];
                if (section is null || new[] { section.Id, section.Title, section.Text, section.Check, section.Answer }.Any(Blank))
                {
                    var name = section is null || Blank(section.Id) ? $"section {s + 1}" : $"section '{section.Id}'";
                    problems.Add($"{name} of {where} needs a non-empty id, title, text, check and answer");
                }
            }
        }

        problems.AddRange(Duplicates(course.Units.Select(u => u?.Id), "unit"));
        problems.AddRange(Duplicates(course.Units.SelectMany(u => u?.Sections ?? []).Select(s => s?.Id), "section"));
        return problems;
    }

    private static IEnumerable<string> Duplicates(IEnumerable<string?> ids, string what) =>
        ids.Where(id => !Blank(id))
            .GroupBy(id => id!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"the {what} id '{g.Key}' is used {g.Count()} times");

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);
}
