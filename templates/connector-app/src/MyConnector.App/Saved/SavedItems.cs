using Connector.Gateway.State;
using Connector.Gateway.Tools;

namespace MyConnector.App.Saved;

/// <summary>
/// What each user kept: this app's slice of their state document, under <c>saved</c>. When its shape changes,
/// raise the version and override <c>Upgrade</c> to carry old documents forward.
/// </summary>
public sealed class SavedItems(IStateStore store, TimeProvider time)
    : StateSlice<IReadOnlyList<SavedItem>>(store, "saved", version: 1, AppJsonContext.Default.IReadOnlyListSavedItem)
{
    public const int MaxItems = 100;

    protected override IReadOnlyList<SavedItem> Empty => [];

    public Task<IReadOnlyList<SavedItem>> SaveAsync(VerifiedUser user, string itemId, string? note, CancellationToken cancellationToken) =>
        UpdateAsync(user, current =>
        {
            var kept = current.Where(s => s.ItemId != itemId).ToList();
            if (kept.Count >= MaxItems)
            {
                throw new ToolRefusal($"This user already keeps {MaxItems} items; that is the most there can be.");
            }

            return [.. kept, new SavedItem(itemId, note, time.GetUtcNow())];
        }, cancellationToken);

    protected override bool IsWhole(IReadOnlyList<SavedItem> value) => value.All(s => s is { ItemId.Length: > 0 });
}
