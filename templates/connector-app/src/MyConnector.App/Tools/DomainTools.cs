using System.ComponentModel;
using Connector.Gateway.Tools;
using ModelContextProtocol.Server;
using MyConnector.App.Content;

namespace MyConnector.App.Tools;

/// <summary>domain_*: what the app knows. Each gated tool takes a VerifiedUser (named _ when it doesn't need the id).</summary>
[McpServerToolType]
public sealed class DomainTools(Catalog catalog)
{
    [McpServerTool(Name = "domain_list_items", Title = "List items", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the app's content: each item's id and title.")]
    public ItemList ListItems(VerifiedUser _) =>
        new([.. catalog.All.Select(i => new ItemSummary(i.Id, i.Title))], "Offer what fits what they asked; quote titles exactly.");

    [McpServerTool(Name = "domain_get_item", Title = "Read an item", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns one item by its id, as listed by domain_list_items.")]
    public ItemResult GetItem(VerifiedUser _, [Description("The item's id, as listed by domain_list_items.")] string id) =>
        new(catalog.Find(id) ?? throw new ToolRefusal("There is no item with that id. Call domain_list_items to see the valid ids."),
            "Quote the item; never add to it from your own knowledge.");
}

public sealed record ItemSummary(string Id, string Title);

public sealed record ItemList(IReadOnlyList<ItemSummary> Items, string Reminder);

public sealed record ItemResult(Item Item, string Reminder);
