using System.ComponentModel;
using Connector.Gateway.Tools;
using ModelContextProtocol.Server;
using ReadingRoom.App.Catalog;
using ReadingRoom.App.Librarian;
using ReadingRoom.App.Shelf;
using ReadingRoom.App.Tools.Results;

namespace ReadingRoom.App.Tools;

/// <summary>
/// user_*: the signed-in reader's shelf. The reader is always the verified sign-in; no argument can name
/// anyone else.
/// </summary>
[McpServerToolType]
public sealed class UserTools(ShelfService shelf, ArticleCatalog catalog)
{
    private const int MaxPositionLength = 200;
    private const int MaxNoteLength = 1000;

    [McpServerTool(Name = ToolNames.UserGetShelf, Title = "Show my shelf", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns this reader's shelf: the articles they saved and where they stopped in each, most recent first, "
        + "25 per page. Needs the `session` from begin_session.")]
    public async Task<ShelfResult> GetShelf(
        VerifiedUser user,
        [Description("Which page, from 1 (the default); the result says how many pages there are.")] int page = 1,
        CancellationToken cancellationToken = default)
    {
        var records = await shelf.ReadAsync(user, cancellationToken);
        var view = ShelfViews.View(records, catalog, page)
            ?? throw new ToolRefusal($"There is no page {page}: the shelf has {Math.Max(1, (records.Count + ShelfViews.PageSize - 1) / ShelfViews.PageSize)} page(s), numbered from 1.");
        return new ShelfResult(view, ReadingRoomLibrarian.ShelfReminder);
    }

    [McpServerTool(Name = ToolNames.UserSaveToShelf, Title = "Save to my shelf", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Saves an article to this reader's shelf, or updates where they stopped in it. Only catalog articles can be saved. "
        + "Fields left out keep their saved value. Needs the `session` from begin_session.")]
    public async Task<SaveResult> SaveToShelf(
        VerifiedUser user,
        [Description("The article's id, as listed by domain_list_articles.")] string article_id,
        [Description("How far they got, 0-100 percent.")] int? progress = null,
        [Description("Where they stopped, in their words, e.g. 'second paragraph'.")] string? position = null,
        [Description("A short note to remember, in their words.")] string? note = null,
        CancellationToken cancellationToken = default)
    {
        var id = article_id.Trim();
        if (catalog.Find(id) is null)
        {
            throw DomainTools.UnknownArticle(article_id);
        }

        if (progress is < 0 or > 100)
        {
            throw new ToolRefusal("Argument `progress` must be a whole number from 0 to 100 (percent read).");
        }

        if (position?.Length > MaxPositionLength || note?.Length > MaxNoteLength)
        {
            throw new ToolRefusal($"Keep `position` under {MaxPositionLength} and `note` under {MaxNoteLength} characters.");
        }

        var (saved, count) = await shelf.SaveAsync(user, new ShelfEdit(id, progress, position?.Trim(), note?.Trim()), cancellationToken);
        return new SaveResult(ShelfViews.Entry(saved, catalog), count, ReadingRoomLibrarian.ShelfReminder);
    }

    [McpServerTool(Name = ToolNames.UserRemoveFromShelf, Title = "Remove from my shelf", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Removes an article and its saved place from this reader's shelf. Needs the `session` from begin_session.")]
    public async Task<RemoveResult> RemoveFromShelf(
        VerifiedUser user,
        [Description("The id of the article to remove.")] string article_id,
        CancellationToken cancellationToken)
    {
        var (removed, count) = await shelf.RemoveAsync(user, article_id.Trim(), cancellationToken);
        return new RemoveResult(article_id.Trim(), removed, count, ReadingRoomLibrarian.ShelfReminder);
    }
}
