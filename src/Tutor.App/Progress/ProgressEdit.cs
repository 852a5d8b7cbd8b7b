namespace Tutor.App.Progress;

/// <summary>What a save changes; null fields keep what was there, and an empty position or note clears it.</summary>
public sealed record ProgressEdit(string SectionId, bool? Done, string? Position, string? Note);
