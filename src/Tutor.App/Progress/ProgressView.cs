using System.ComponentModel;

namespace Tutor.App.Progress;

/// <summary>Everything saved of the learner's progress, as the AI sees it.</summary>
public sealed record ProgressView(
    LearnerPosition Position,
    [property: Description("Every section they have started or finished, in course order.")] IReadOnlyList<SectionProgress> Sections);
