using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Gateway.State;
using Connector.Gateway.Tools;

namespace ReadingRoom.App.Shelf;

/// <summary>
/// A reader's shelf, kept under the <c>shelf</c> key of their state document. Every write is one atomic
/// update of the store, so two chats saving at once both land.
/// </summary>
public sealed class ShelfService(IStateStore store, TimeProvider time)
{
    public const int MaxItems = 200;

    public async Task<IReadOnlyList<ShelfRecord>> ReadAsync(string reader, CancellationToken cancellationToken) =>
        Parse(await store.ReadStateAsync(reader, cancellationToken));

    public async Task<(ShelfRecord Saved, int Count)> SaveAsync(string reader, ShelfEdit edit, CancellationToken cancellationToken)
    {
        ShelfRecord? saved = null;
        var state = await store.UpdateStateAsync(reader, current =>
        {
            var shelf = Parse(current).ToList();
            var now = time.GetUtcNow();
            var index = shelf.FindIndex(r => r.ArticleId == edit.ArticleId);
            if (index < 0 && shelf.Count >= MaxItems)
            {
                throw new ToolRefusal($"The shelf is full ({MaxItems} articles). Remove something with user_remove_from_shelf first.");
            }

            saved = index < 0
                ? new ShelfRecord(edit.ArticleId, edit.Progress ?? 0, edit.Position, edit.Note, now, now)
                : shelf[index] with
                {
                    Progress = edit.Progress ?? shelf[index].Progress,
                    Position = edit.Position ?? shelf[index].Position,
                    Note = edit.Note ?? shelf[index].Note,
                    UpdatedAt = now,
                };
            if (index < 0)
            {
                shelf.Add(saved);
            }
            else
            {
                shelf[index] = saved;
            }

            return With(current, shelf);
        }, cancellationToken);
        return (saved!, Parse(state).Count);
    }

    public async Task<(bool Removed, int Count)> RemoveAsync(string reader, string articleId, CancellationToken cancellationToken)
    {
        var removed = false;
        var state = await store.UpdateStateAsync(reader, current =>
        {
            var shelf = Parse(current).ToList();
            removed = shelf.RemoveAll(r => r.ArticleId == articleId) > 0;
            return With(current, shelf);
        }, cancellationToken);
        return (removed, Parse(state).Count);
    }

    internal static IReadOnlyList<ShelfRecord> Parse(JsonObject? state)
    {
        if (state is null || !state.ContainsKey("shelf"))
        {
            return [];
        }

        // A shelf we can't read is not an empty shelf: any shape other than a list of complete entries fails closed.
        IReadOnlyList<ShelfRecord>? shelf;
        try
        {
            shelf = state.Deserialize(ShelfJsonContext.Default.ShelfDocument)?.Shelf;
        }
        catch (JsonException ex)
        {
            throw new StoreUnavailableException("The saved shelf could not be read.", ex);
        }

        return shelf is not null && shelf.All(r => r is { ArticleId.Length: > 0 })
            ? shelf
            : throw new StoreUnavailableException("The saved shelf is not a list of shelf entries.");
    }

    private static JsonObject With(JsonObject current, List<ShelfRecord> shelf)
    {
        // Keep any other keys in the state document; the shelf is only the Reading Room's part of it.
        var next = (JsonObject)current.DeepClone();
        next["shelf"] = JsonSerializer.SerializeToNode(new ShelfDocument(shelf), ShelfJsonContext.Default.ShelfDocument)!["shelf"]!.DeepClone();
        return next;
    }
}
