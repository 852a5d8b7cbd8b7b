namespace ReadingRoom.App.Shelf;

/// <summary>One saved article as it is stored in the reader's state document.</summary>
public sealed record ShelfRecord(
    string ArticleId,
    int Progress,
    string? Position,
    string? Note,
    DateTimeOffset SavedAt,
    DateTimeOffset UpdatedAt);
