using System.ComponentModel;

namespace ReadingRoom.App.Shelf;

/// <summary>The shelf as the AI sees it. An empty shelf says so; an unreadable one is an error, never this.</summary>
public sealed record ShelfView(
    [property: Description("empty (nothing saved yet) or saved.")] string Status,
    [property: Description("This page of saved articles, most recently touched first.")] IReadOnlyList<ShelfEntry> Items,
    [property: Description("What to open the conversation with, when the reader is mid-way through something.")] string? OpenWith,
    [property: Description("How many articles are on the whole shelf.")] int Total,
    [property: Description("Which page Items is (from 1).")] int Page,
    [property: Description("How many pages the shelf has; ask user_get_shelf for the next page when Page < Pages.")] int Pages);
