using System.Collections.Frozen;
using System.Text.Json;
using Connector.Gateway.Search;

namespace MyConnector.App.Content;

/// <summary>The shipped content (<c>Content/items.json</c>), read and checked once at start.</summary>
public sealed class Catalog
{
    private readonly FrozenDictionary<string, Item> _byId;

    private Catalog(Item[] items)
    {
        All = items;
        _byId = items.ToFrozenDictionary(i => i.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Item> All { get; }

    public Item? Find(string id) => _byId.GetValueOrDefault(id.Trim());

    public static readonly SearchWords SearchWords = new(
        "Search the items",
        "Finds items by the words in them, best first; then read one with domain_get_item.",
        "Offer what fits what they asked; quote titles exactly.");

    /// <summary>The items as the skeleton's search sees them (read once at start, so their version never changes).</summary>
    public static ISearchSource Search(IServiceProvider services)
    {
        var catalog = services.GetRequiredService<Catalog>();
        return new SearchSource(() => catalog, () => catalog.All.Select(i => new SearchItem(i.Id, i.Title, i.Text)));
    }

    public static Catalog Load(string path)
    {
        var items = JsonSerializer.Deserialize(File.ReadAllText(path), AppJsonContext.Default.ItemArray);
        if (items is not { Length: > 0 } || items.Any(i => string.IsNullOrWhiteSpace(i.Id) || string.IsNullOrWhiteSpace(i.Title))
            || items.DistinctBy(i => i.Id).Count() != items.Length)
        {
            throw new InvalidOperationException($"The content at {path} needs at least one item, each with a unique id and a title.");
        }

        return new Catalog(items);
    }
}
