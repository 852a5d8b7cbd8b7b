using System.ComponentModel;
using Tutor.App.Course;

namespace Tutor.App.Progress;

/// <summary>Where the learner stands in the course. Nothing saved says so; unreadable progress is an error, never this.</summary>
public sealed record LearnerPosition(
    [property: Description("not-started, in-progress, or finished (every section done).")] string Status,
    [property: Description("How many sections they have finished.")] int Done,
    [property: Description("How many sections the course has.")] int Total,
    [property: Description("The section they most recently stopped part-way through, and where; null when none is open.")] SectionProgress? StoppedAt,
    [property: Description("The section to take next: the one they stopped in, else the first in course order not yet done; null when the course is finished.")] SectionSummary? Next,
    [property: Description("What to open the lesson with.")] string OpenWith);
