using System.ComponentModel;
using Connector.Gateway.Tools;
using ModelContextProtocol.Server;
using MyConnector.App.Content;
using MyConnector.App.Saved;

namespace MyConnector.App.Tools;

/// <summary>user_*: the signed-in user's own state. Who they are comes from the VerifiedUser, never an argument.</summary>
[McpServerToolType]
public sealed class UserTools(SavedItems saved, Catalog catalog)
{
    private const int MaxNoteLength = 500;

    [McpServerTool(Name = "user_get_saved", Title = "Show what I kept", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the items this user kept, with their notes.")]
    public async Task<SavedList> GetSaved(VerifiedUser user, CancellationToken cancellationToken) =>
        new(await saved.ReadAsync(user, cancellationToken), "Mention only what is listed here.");

    [McpServerTool(Name = "user_save_item", Title = "Keep an item", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Keeps an item for this user, with an optional short note in their words.")]
    public async Task<SavedList> SaveItem(
        VerifiedUser user,
        [Description("The item's id, as listed by domain_list_items.")] string item_id,
        [Description("A short note to remember, in their words.")] string? note = null,
        CancellationToken cancellationToken = default)
    {
        var item = catalog.Find(item_id) ?? throw new ToolRefusal("There is no item with that id. Call domain_list_items to see the valid ids.");
        if (note?.Trim().Length > MaxNoteLength)
        {
            throw new ToolRefusal($"Keep `note` under {MaxNoteLength} characters.");
        }

        return new(await saved.SaveAsync(user, item.Id, note?.Trim(), cancellationToken), "Confirm in one line what was kept.");
    }
}

public sealed record SavedList(IReadOnlyList<SavedItem> Saved, string Reminder);
