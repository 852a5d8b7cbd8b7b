using System.ComponentModel;
using Tutor.App.Progress;

namespace Tutor.App.Tools.Results;

public sealed record SaveProgressResult(
    [property: Description("The section's record as it is now stored.")] SectionProgress Saved,
    [property: Description("Where the learner stands now, with the section to suggest next.")] LearnerPosition Position,
    string Reminder);
