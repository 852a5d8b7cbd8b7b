namespace ReadingRoom.App.Shelf;

/// <summary>What a save changes; null fields keep what was there.</summary>
public sealed record ShelfEdit(string ArticleId, int? Progress, string? Position, string? Note);
