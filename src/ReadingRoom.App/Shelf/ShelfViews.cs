using ReadingRoom.App.Catalog;

namespace ReadingRoom.App.Shelf;

internal static class ShelfViews
{
    public static ShelfEntry Entry(ShelfRecord record, ArticleCatalog catalog)
    {
        var article = catalog.Find(record.ArticleId);
        return new ShelfEntry(record.ArticleId, article?.Title ?? "(no longer in the catalog)", article?.Topic ?? "",
            record.Progress, record.Position, record.Note, record.SavedAt, record.UpdatedAt);
    }

    public static ShelfView View(IReadOnlyList<ShelfRecord> shelf, ArticleCatalog catalog)
    {
        var items = shelf.OrderByDescending(r => r.UpdatedAt).Select(r => Entry(r, catalog)).ToArray();
        var midway = items.FirstOrDefault(i => i.Progress is > 0 and < 100);
        var openWith = midway is null
            ? null
            : $"They are mid-way through \"{midway.Title}\" ({midway.Progress}%{(midway.Position is null ? "" : ", at " + midway.Position)}). Offer to pick it up first.";
        return new ShelfView(items.Length == 0 ? "empty" : "saved", items, openWith);
    }
}
