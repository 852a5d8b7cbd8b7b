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

    /// <summary>
    /// Entries per page. A full page with the longest notes stays far below the ~150,000 characters hosts show
    /// of one result, so a big shelf is paged instead of cut off.
    /// </summary>
    public const int PageSize = 25;

    /// <summary>One page of the shelf; <paramref name="page"/> past the end is null.</summary>
    public static ShelfView? View(IReadOnlyList<ShelfRecord> shelf, ArticleCatalog catalog, int page = 1)
    {
        var ordered = shelf.OrderByDescending(r => r.UpdatedAt).ToArray();
        var pages = Math.Max(1, (ordered.Length + PageSize - 1) / PageSize);
        if (page < 1 || page > pages)
        {
            return null;
        }

        var midway = ordered.FirstOrDefault(r => r.Progress is > 0 and < 100) is { } record ? Entry(record, catalog) : null;
        var openWith = midway is null
            ? null
            : $"They are mid-way through \"{midway.Title}\" ({midway.Progress}%{(midway.Position is null ? "" : ", at " + midway.Position)}). Offer to pick it up first.";
        var items = ordered.Skip((page - 1) * PageSize).Take(PageSize).Select(r => Entry(r, catalog)).ToArray();
        return new ShelfView(ordered.Length == 0 ? "empty" : "saved", items, openWith, ordered.Length, page, pages);
    }
}
