using Connector.Gateway.Search;
using Tutor.App.Teacher;
using Tutor.App.Tools;

namespace Tutor.App.Course;

/// <summary>The course as the skeleton's search sees it: every section, by title and text, with its unit.</summary>
internal static class CourseSearch
{
    public static readonly SearchWords Words = new(
        "Search the course",
        "Finds the sections of the course about what the learner asks, e.g. 'why is the moon sometimes a crescent' or 'meteors'. "
        + $"Returns section ids, titles and a snippet, best first; then teach one with {ToolNames.DomainGetSection}. "
        + $"To follow the course in order, use {ToolNames.DomainListSections} instead.",
        TutorApp.CourseReminder);

    public static ISearchSource Source(IServiceProvider services)
    {
        var course = services.GetRequiredService<CourseBook>();
        return new SearchSource(() => course.Version, () => course.Sections.Select(s =>
            new SearchItem(s.Id, s.Title, s.Text, new Dictionary<string, string> { ["unit"] = course.UnitOf(s).Title })));
    }
}
