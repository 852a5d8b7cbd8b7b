using System.ComponentModel;
using Connector.Gateway.Tools;
using ModelContextProtocol.Server;
using Tutor.App.Course;
using Tutor.App.Progress;
using Tutor.App.Teacher;
using Tutor.App.Tools.Results;

namespace Tutor.App.Tools;

/// <summary>
/// user_*: the signed-in learner's progress through the course. The learner is always the verified sign-in; no
/// argument can name anyone else.
/// </summary>
[McpServerToolType]
public sealed class UserTools(LearnerProgress progress, CourseBook course)
{
    private const int MaxPositionLength = 200;
    private const int MaxNoteLength = 500;

    [McpServerTool(Name = ToolNames.UserGetProgress, Title = "Show my progress", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns this learner's progress: the sections they finished and when, the one they stopped part-way through and where, "
        + $"their notes and answers, and the section to take next. Needs the `session` from {ToolNames.BeginLesson}.")]
    public async Task<ProgressResult> GetProgress(VerifiedUser user, CancellationToken cancellationToken)
    {
        var records = await progress.ReadAsync(user, cancellationToken);
        return new ProgressResult(ProgressViews.View(records, course), TutorApp.ProgressReminder);
    }

    [McpServerTool(Name = ToolNames.UserSaveProgress, Title = "Save my progress", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Records this learner's progress in one section: that it is done, where they stopped in it, or a short note such as "
        + "their answer to its check. Fields left out keep their saved value; an empty `position` or `note` clears it. "
        + $"Needs the `session` from {ToolNames.BeginLesson}.")]
    public async Task<SaveProgressResult> SaveProgress(
        VerifiedUser user,
        [Description($"The section's id, as listed by {ToolNames.DomainListSections}.")] string section_id,
        [Description("True when the section is finished (its check asked and answered); false to mark it not finished.")] bool? done = null,
        [Description("Where they stopped in it, in their words, e.g. 'after the Plough'.")] string? position = null,
        [Description("A short note: their answer to the check in a few words, or what they found hard.")] string? note = null,
        CancellationToken cancellationToken = default)
    {
        var section = course.Find(section_id.Trim()) ?? throw DomainTools.UnknownSection(section_id);
        position = position?.Trim();
        note = note?.Trim();
        if (position?.Length > MaxPositionLength)
        {
            throw new ToolRefusal($"Argument `position` is {position.Length} characters; keep it to {MaxPositionLength} (a few words on where they stopped).");
        }

        if (note?.Length > MaxNoteLength)
        {
            throw new ToolRefusal($"Argument `note` is {note.Length} characters; keep it to {MaxNoteLength} (their answer in a few words, or one line on what they found hard).");
        }

        var (saved, all) = await progress.SaveAsync(user, new ProgressEdit(section.Id, done, position, note), cancellationToken);
        return new SaveProgressResult(ProgressViews.Entry(saved, course), ProgressViews.Position(all, course), TutorApp.ProgressReminder);
    }

    [McpServerTool(Name = ToolNames.UserResetProgress, Title = "Reset a section", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Forgets this learner's record of one section (done, position and note), e.g. to take it again from the start. "
        + $"Needs the `session` from {ToolNames.BeginLesson}.")]
    public async Task<ResetProgressResult> ResetProgress(
        VerifiedUser user,
        [Description("The id of the section to forget.")] string section_id,
        CancellationToken cancellationToken)
    {
        var (removed, all) = await progress.ResetAsync(user, section_id.Trim(), cancellationToken);
        return new ResetProgressResult(section_id.Trim(), removed, ProgressViews.Position(all, course), TutorApp.ProgressReminder);
    }
}
