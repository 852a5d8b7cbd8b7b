namespace ReadingRoom.App.Shelf;

/// <summary>The Reading Room's part of <c>user_state.state</c>.</summary>
public sealed record ShelfDocument(IReadOnlyList<ShelfRecord> Shelf);
