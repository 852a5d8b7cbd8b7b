namespace Tutor.App.Progress;

/// <summary>One section the learner has started or finished, as it is stored in their state document.</summary>
public sealed record SectionRecord(
    string SectionId,
    bool Done,
    string? Position,
    string? Note,
    DateTimeOffset? DoneAt,
    DateTimeOffset UpdatedAt);
