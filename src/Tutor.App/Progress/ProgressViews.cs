using Tutor.App.Course;

namespace Tutor.App.Progress;

internal static class ProgressViews
{
    public static SectionProgress Entry(SectionRecord record, CourseBook course)
    {
        var section = course.Find(record.SectionId);
        return new SectionProgress(record.SectionId, section?.Title ?? "(no longer in the course)", section is null ? "" : course.UnitOf(section).Id,
            record.Done, record.DoneAt, record.Position, record.Note, record.UpdatedAt);
    }

    public static ProgressView View(IReadOnlyList<SectionRecord> records, CourseBook course) =>
        new(Position(records, course), [.. records.OrderBy(r => course.OrderOf(r.SectionId)).Select(r => Entry(r, course))]);

    public static LearnerPosition Position(IReadOnlyList<SectionRecord> records, CourseBook course)
    {
        // Only sections still in the course count, so an edited course never reads as more than finished.
        var done = records.Where(r => r.Done).Select(r => course.Find(r.SectionId)).OfType<CourseSection>().ToHashSet();
        var stopped = records.Where(r => !r.Done && course.Find(r.SectionId) is not null).MaxBy(r => r.UpdatedAt) is { } open ? Entry(open, course) : null;
        var next = stopped is not null ? course.Find(stopped.SectionId) : course.Sections.FirstOrDefault(s => !done.Contains(s));
        var total = course.Sections.Count;
        var (status, openWith) = (stopped, next) switch
        {
            ({ } s, _) => ("in-progress", $"They stopped part-way through \"{s.Title}\"{(s.Position is null ? "" : $" (their place: {s.Position})")}, "
                + $"with {done.Count} of {total} sections done. Offer to carry on there first."),
            (null, null) => ("finished", $"They have finished all {total} sections. Congratulate them and offer to revisit any section they like."),
            (null, { } n) when done.Count == 0 => ("not-started", $"They haven't started yet. Ask what they already know, then offer the first section, \"{n.Title}\"."),
            (null, { } n) => ("in-progress", $"They have finished {done.Count} of {total} sections. Offer the next one, \"{n.Title}\"."),
        };
        return new LearnerPosition(status, done.Count, total, stopped, next is null ? null : new SectionSummary(next.Id, next.Title), openWith);
    }
}
