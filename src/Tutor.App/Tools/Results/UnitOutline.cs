using Tutor.App.Course;

namespace Tutor.App.Tools.Results;

public sealed record UnitOutline(string Id, string Title, IReadOnlyList<SectionSummary> Sections);
