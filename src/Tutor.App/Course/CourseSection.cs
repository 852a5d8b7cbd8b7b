using System.ComponentModel;

namespace Tutor.App.Course;

public sealed record CourseSection(
    [property: Description("The section's id: pass it as `section_id` to domain_get_section or user_save_progress.")] string Id,
    string Title,
    [property: Description("The section's text, to teach from and quote.")] string Text,
    [property: Description("The one check question to ask, as written, before moving on.")] string Check,
    [property: Description("What a right answer says in substance. Keep it until the learner has tried.")] string Answer);
