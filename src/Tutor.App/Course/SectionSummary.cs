using System.ComponentModel;

namespace Tutor.App.Course;

public sealed record SectionSummary(
    [property: Description("The section's id: pass it as `section_id` to domain_get_section.")] string Id,
    string Title);
