using System.Collections.Frozen;
using System.Text.Json;

namespace Tutor.App.Course;

/// <summary>The shipped course (<c>Course/course.json</c>), read and checked once at start.</summary>
public sealed class CourseBook
{
    private readonly FrozenDictionary<string, int> _orderById;
    private readonly CourseUnit[] _unitOfSection;

    private CourseBook(CourseDocument course)
    {
        Title = course.Title;
        Summary = course.Summary;
        Units = course.Units;
        Sections = [.. course.Units.SelectMany(u => u.Sections)];
        _unitOfSection = [.. course.Units.SelectMany(u => u.Sections.Select(_ => u))];
        _orderById = Sections.Select((s, i) => (s.Id, i)).ToFrozenDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
    }

    public string Title { get; }

    public string Summary { get; }

    public IReadOnlyList<CourseUnit> Units { get; }

    /// <summary>Every section, in course order (unit by unit).</summary>
    public IReadOnlyList<CourseSection> Sections { get; }

    public CourseSection? Find(string id) => _orderById.TryGetValue(id, out var i) ? Sections[i] : null;

    public CourseUnit? FindUnit(string id) => Units.FirstOrDefault(u => u.Id == id);

    /// <summary>The unit a section of this course belongs to.</summary>
    public CourseUnit UnitOf(CourseSection section) => _unitOfSection[_orderById[section.Id]];

    /// <summary>The section after this one in course order, across units; null after the last.</summary>
    public CourseSection? After(CourseSection section)
    {
        var next = _orderById[section.Id] + 1;
        return next < Sections.Count ? Sections[next] : null;
    }

    /// <summary>Where a section id falls in course order; ids no longer in the course sort last.</summary>
    public int OrderOf(string id) => _orderById.TryGetValue(id, out var i) ? i : int.MaxValue;

    public static CourseBook Load(string path)
    {
        CourseDocument? course;
        try
        {
            course = JsonSerializer.Deserialize(File.ReadAllText(path), CourseJsonContext.Default.CourseDocument);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"The course at {path} could not be read: {ex.Message}", ex);
        }

        var problems = CourseProblems.Of(course);
        return problems.Count == 0
            ? new CourseBook(course!)
            : throw new InvalidOperationException($"The course at {path} can't be taught: {string.Join("; ", problems)}.");
    }
}
