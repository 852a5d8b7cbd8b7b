using Connector.Gateway.State;
using Connector.Gateway.Tools;
using Tutor.App.Course;
using Tutor.App.Tools;

namespace Tutor.App.Progress;

/// <summary>A learner's place in the course: the Tutor's slice of their state document, under <c>progress</c>.</summary>
public sealed class LearnerProgress(IStateStore store, CourseBook course, TimeProvider time)
    : StateSlice<IReadOnlyList<SectionRecord>>(store, "progress", version: 1, ProgressJsonContext.Default.IReadOnlyListSectionRecord)
{
    protected override IReadOnlyList<SectionRecord> Empty => [];

    /// <summary>
    /// One record per section, so a learner never needs more than the course has; the cap only bites on records
    /// kept for sections since taken out of the course, and keeps a whole progress report one small result.
    /// </summary>
    public int MaxEntries => course.Sections.Count;

    public async Task<(SectionRecord Saved, IReadOnlyList<SectionRecord> All)> SaveAsync(VerifiedUser learner, ProgressEdit edit, CancellationToken cancellationToken)
    {
        SectionRecord? saved = null;
        var all = await UpdateAsync(learner, current =>
        {
            var now = time.GetUtcNow();
            var existing = current.FirstOrDefault(r => r.SectionId == edit.SectionId);
            if (existing is null && current.Count >= MaxEntries)
            {
                throw new ToolRefusal($"Progress is already kept for {MaxEntries} sections, as many as the course has. "
                    + $"Forget one with {ToolNames.UserResetProgress} first.");
            }

            var done = edit.Done ?? existing?.Done ?? false;
            saved = new SectionRecord(
                edit.SectionId,
                done,
                Keep(edit.Position, existing?.Position),
                Keep(edit.Note, existing?.Note),
                // When it was first finished; marking it not done forgets that.
                done ? existing?.DoneAt ?? now : null,
                now);
            return existing is null ? [.. current, saved] : [.. current.Select(r => r == existing ? saved : r)];
        }, cancellationToken);
        return (saved!, all);
    }

    public async Task<(bool Removed, IReadOnlyList<SectionRecord> All)> ResetAsync(VerifiedUser learner, string sectionId, CancellationToken cancellationToken)
    {
        var removed = false;
        var all = await UpdateAsync(learner, current =>
        {
            removed = current.Any(r => r.SectionId == sectionId);
            return [.. current.Where(r => r.SectionId != sectionId)];
        }, cancellationToken);
        return (removed, all);
    }

    /// <summary>Progress with a nameless or doubled section is not progress: it fails closed instead of being shown or overwritten.</summary>
    protected override bool IsWhole(IReadOnlyList<SectionRecord> value) =>
        value.All(r => r is { SectionId.Length: > 0 }) && value.Select(r => r.SectionId).Distinct(StringComparer.Ordinal).Count() == value.Count;

    private static string? Keep(string? given, string? saved) => given is null ? saved : given.Length == 0 ? null : given;
}
