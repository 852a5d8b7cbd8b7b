using System.Text.Json.Nodes;
using Connector.Gateway.State;
using Connector.Gateway.Tools;

namespace ReadingRoom.App.Shelf;

/// <summary>A reader's shelf: the Reading Room's slice of their state document, under <c>shelf</c>.</summary>
public sealed class ShelfService(IStateStore store, TimeProvider time)
    : StateSlice<IReadOnlyList<ShelfRecord>>(store, "shelf", version: 1, ShelfJsonContext.Default.IReadOnlyListShelfRecord)
{
    public const int MaxItems = 200;

    protected override IReadOnlyList<ShelfRecord> Empty => [];

    public async Task<(ShelfRecord Saved, int Count)> SaveAsync(VerifiedUser reader, ShelfEdit edit, CancellationToken cancellationToken)
    {
        ShelfRecord? saved = null;
        var shelf = await UpdateAsync(reader, current =>
        {
            var now = time.GetUtcNow();
            var existing = current.FirstOrDefault(r => r.ArticleId == edit.ArticleId);
            if (existing is null && current.Count >= MaxItems)
            {
                throw new ToolRefusal($"The shelf is full ({MaxItems} articles). Remove something with {Tools.ToolNames.UserRemoveFromShelf} first.");
            }

            saved = existing is null
                ? new ShelfRecord(edit.ArticleId, edit.Progress ?? 0, edit.Position, edit.Note, now, now)
                : existing with
                {
                    Progress = edit.Progress ?? existing.Progress,
                    Position = edit.Position ?? existing.Position,
                    Note = edit.Note ?? existing.Note,
                    UpdatedAt = now,
                };
            return existing is null ? [.. current, saved] : [.. current.Select(r => r == existing ? saved : r)];
        }, cancellationToken);
        return (saved!, shelf.Count);
    }

    public async Task<(bool Removed, int Count)> RemoveAsync(VerifiedUser reader, string articleId, CancellationToken cancellationToken)
    {
        var removed = false;
        var shelf = await UpdateAsync(reader, current =>
        {
            removed = current.Any(r => r.ArticleId == articleId);
            return [.. current.Where(r => r.ArticleId != articleId)];
        }, cancellationToken);
        return (removed, shelf.Count);
    }

    /// <summary>Before version 1 the shelf was stored as the bare list; the list itself hasn't changed.</summary>
    protected override JsonNode? Upgrade(int fromVersion, JsonNode data) =>
        fromVersion == 0 ? data : base.Upgrade(fromVersion, data);

    /// <summary>A shelf with a missing entry or id is not a shelf: it fails closed instead of being shown or overwritten.</summary>
    protected override bool IsWhole(IReadOnlyList<ShelfRecord> value) => value.All(r => r is { ArticleId.Length: > 0 });
}
