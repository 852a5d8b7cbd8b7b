using System.ComponentModel;
using Connector.Gateway.Tools;
using ModelContextProtocol.Server;
using Tutor.App.Course;
using Tutor.App.Teacher;
using Tutor.App.Tools.Results;

namespace Tutor.App.Tools;

/// <summary>domain_*: what the Tutor teaches, its course of units and sections.</summary>
[McpServerToolType]
public sealed class DomainTools(CourseBook course)
{
    [McpServerTool(Name = ToolNames.DomainListSections, Title = "List the course's sections", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the course in order: each unit with its sections' ids and titles, optionally only one unit. "
        + $"Needs the `session` from {ToolNames.BeginLesson}.")]
    public CourseOutlineResult ListSections(
        VerifiedUser _,
        [Description("Only this unit, by its id, e.g. 'unit-1'. Omit for the whole course.")] string? unit = null)
    {
        var units = course.Units;
        if (unit is not null)
        {
            units = [course.FindUnit(unit.Trim()) ?? throw new ToolRefusal(
                $"There is no unit '{Clip(unit)}' in the course. Its units are: {string.Join(", ", course.Units.Select(u => u.Id))}.")];
        }

        var outline = units
            .Select(u => new UnitOutline(u.Id, u.Title, [.. u.Sections.Select(s => new SectionSummary(s.Id, s.Title))]))
            .ToArray();
        return new CourseOutlineResult(course.Title, course.Summary, outline, [.. course.Units.Select(u => u.Id)], course.Sections.Count, TutorApp.CourseReminder);
    }

    [McpServerTool(Name = ToolNames.DomainGetSection, Title = "Read a section", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns one section of the course by its id: its unit, title and text, its check question with the expected answer, "
        + $"and the next section's id in course order. Needs the `session` from {ToolNames.BeginLesson}.")]
    public SectionResult GetSection(
        VerifiedUser _,
        [Description($"The section's id, as listed by {ToolNames.DomainListSections}.")] string section_id)
    {
        var section = course.Find(section_id.Trim()) ?? throw UnknownSection(section_id);
        var unit = course.UnitOf(section);
        return new SectionResult(section, unit.Id, unit.Title, course.After(section)?.Id, TutorApp.CourseReminder);
    }

    internal static ToolRefusal UnknownSection(string id) =>
        new($"There is no section with id '{Clip(id)}' in the course. Call {ToolNames.DomainListSections} to see the valid ids.");

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
