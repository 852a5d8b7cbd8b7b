using ReadingRoom.App.Shelf;

namespace ReadingRoom.App.Tools.Results;

public sealed record ShelfResult(ShelfView Shelf, string Reminder);
