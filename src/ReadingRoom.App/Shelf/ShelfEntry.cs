using System.ComponentModel;

namespace ReadingRoom.App.Shelf;

public sealed record ShelfEntry(
    string ArticleId,
    string Title,
    string Topic,
    [property: Description("How far the reader got, 0-100 (percent).")] int Progress,
    [property: Description("Where they stopped, in their words (e.g. 'second paragraph').")] string? Position,
    string? Note,
    DateTimeOffset SavedAt,
    DateTimeOffset UpdatedAt);
