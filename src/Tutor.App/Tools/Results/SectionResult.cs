using System.ComponentModel;
using Tutor.App.Course;

namespace Tutor.App.Tools.Results;

public sealed record SectionResult(
    CourseSection Section,
    string UnitId,
    string UnitTitle,
    [property: Description("The next section's id in course order; null after the last section.")] string? NextSectionId,
    string Reminder);
