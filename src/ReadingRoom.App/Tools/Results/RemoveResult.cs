using System.ComponentModel;

namespace ReadingRoom.App.Tools.Results;

public sealed record RemoveResult(
    string ArticleId,
    [property: Description("False when the article was not on the shelf (nothing changed).")] bool Removed,
    int ShelfCount,
    string Reminder);
