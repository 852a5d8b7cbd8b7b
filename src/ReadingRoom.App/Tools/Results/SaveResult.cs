using System.ComponentModel;
using ReadingRoom.App.Shelf;

namespace ReadingRoom.App.Tools.Results;

public sealed record SaveResult(
    [property: Description("The shelf entry as it is now stored.")] ShelfEntry Saved,
    [property: Description("How many articles are on the shelf now.")] int ShelfCount,
    string Reminder);
