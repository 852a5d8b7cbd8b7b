using System.ComponentModel;

namespace Tutor.App.Progress;

public sealed record SectionProgress(
    string SectionId,
    string Title,
    string UnitId,
    [property: Description("True once the section is finished (its check question asked and answered).")] bool Done,
    [property: Description("When it was finished; null while it isn't.")] DateTimeOffset? DoneAt,
    [property: Description("Where they stopped in it, in their words (e.g. 'after the Plough').")] string? Position,
    [property: Description("A short note: their answer to the check, or what they found hard.")] string? Note,
    DateTimeOffset UpdatedAt);
