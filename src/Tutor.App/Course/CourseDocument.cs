namespace Tutor.App.Course;

/// <summary><c>Course/course.json</c> as it is written: the course's title, a summary, and its units in order.</summary>
public sealed record CourseDocument(string Title, string Summary, IReadOnlyList<CourseUnit> Units);
