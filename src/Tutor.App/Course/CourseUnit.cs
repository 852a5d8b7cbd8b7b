namespace Tutor.App.Course;

public sealed record CourseUnit(string Id, string Title, IReadOnlyList<CourseSection> Sections);
