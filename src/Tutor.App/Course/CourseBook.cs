using System.Collections.Frozen;
using System.Text.Json;
using Connector.Gateway.Content;

namespace Tutor.App.Course;

/// <summary>
/// The shipped course (<c>Course/course.json</c>): read and checked at start, read again when the file is edited (a
/// broken edit keeps the last good course), so the lessons and the search over them follow the file.
/// </summary>
public sealed class CourseBook
{
    private readonly AppContentFile<Snapshot> _file;

    private CourseBook(string path) => _file = new AppContentFile<Snapshot>(path, Parse);

    public string Title => _file.Current.Title;

    public string Summary => _file.Current.Summary;

    public IReadOnlyList<CourseUnit> Units => _file.Current.Units;

    /// <summary>Every section, in course order (unit by unit).</summary>
    public IReadOnlyList<CourseSection> Sections => _file.Current.Sections;

    /// <summary>Changes when the course does (the search index rebuilds on it).</summary>
    public object Version => _file.Version;

    public CourseSection? Find(string id) => _file.Current.Find(id);

    public CourseUnit? FindUnit(string id) => Units.FirstOrDefault(u => u.Id == id);

    /// <summary>The unit a section of this course belongs to.</summary>
    public CourseUnit UnitOf(CourseSection section) => _file.Current.UnitOf(section);

    /// <summary>The section after this one in course order, across units; null after the last.</summary>
    public CourseSection? After(CourseSection section) => _file.Current.After(section);

    /// <summary>Where a section id falls in course order; ids no longer in the course sort last.</summary>
    public int OrderOf(string id) => _file.Current.OrderOf(id);

    public static CourseBook Load(string path) => new(path);

    private static Snapshot Parse(string text)
    {
        CourseDocument? course;
        try
        {
            course = JsonSerializer.Deserialize(text, CourseJsonContext.Default.CourseDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"it is not a course in JSON: {ex.Message}", ex);
        }

        var problems = CourseProblems.Of(course);
        return problems.Count == 0
            ? new Snapshot(course!)
            : throw new InvalidOperationException($"the course can't be taught: {string.Join("; ", problems)}.");
    }

    /// <summary>One reading of the file, with its lookups.</summary>
    private sealed class Snapshot
    {
        private readonly FrozenDictionary<string, int> _orderById;
        private readonly CourseUnit[] _unitOfSection;

        public Snapshot(CourseDocument course)
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

        public IReadOnlyList<CourseSection> Sections { get; }

        public CourseSection? Find(string id) => _orderById.TryGetValue(id, out var i) ? Sections[i] : null;

        // A section from before an edit that the edit removed has no unit any more: its first unit stands in.
        public CourseUnit UnitOf(CourseSection section) => _orderById.TryGetValue(section.Id, out var i) ? _unitOfSection[i] : Units[0];

        public CourseSection? After(CourseSection section) =>
            _orderById.TryGetValue(section.Id, out var i) && i + 1 < Sections.Count ? Sections[i + 1] : null;

        public int OrderOf(string id) => _orderById.TryGetValue(id, out var i) ? i : int.MaxValue;
    }
}
