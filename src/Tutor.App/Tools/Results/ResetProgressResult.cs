using System.ComponentModel;
using Tutor.App.Progress;

namespace Tutor.App.Tools.Results;

public sealed record ResetProgressResult(
    string SectionId,
    [property: Description("False when nothing was saved for that section (nothing changed).")] bool Removed,
    [property: Description("Where the learner stands now.")] LearnerPosition Position,
    string Reminder);
