using System.Collections.Frozen;
using System.Text.Json;
using Connector.Gateway.Content;
using Connector.Gateway.Search;

namespace MyConnector.App.Content;

/// <summary>
/// The shipped content (<c>Content/items.json</c>): read and checked at start, read again when the file is edited
/// (an edit that breaks it keeps the last good content).
/// </summary>
public sealed class Catalog
{
    private readonly AppContentFile<Snapshot> _file;

    private Catalog(string path) => _file = new AppContentFile<Snapshot>(path, Parse);

    public IReadOnlyList<Item> All => _file.Current.Items;

    public Item? Find(string id) => _file.Current.ById.GetValueOrDefault(id.Trim());

    public static readonly SearchWords SearchWords = new(
        "Search the items",
        "Finds items by the words in them, best first; then read one with domain_get_item.",
        "Offer what fits what they asked; quote titles exactly.");

    /// <summary>The items as the skeleton's search sees them; its index is built again when the file changes.</summary>
    public static ISearchSource Search(IServiceProvider services)
    {
        var catalog = services.GetRequiredService<Catalog>();
        return new SearchSource(() => catalog._file.Version, () => catalog.All.Select(i => new SearchItem(i.Id, i.Title, i.Text)));
    }

    public static Catalog Load(string path) => new(path);

    private static Snapshot Parse(string text)
    {
        var items = JsonSerializer.Deserialize(text, AppJsonContext.Default.ItemArray);
        if (items is not { Length: > 0 } || items.Any(i => string.IsNullOrWhiteSpace(i.Id) || string.IsNullOrWhiteSpace(i.Title))
            || items.DistinctBy(i => i.Id).Count() != items.Length)
        {
            throw new InvalidOperationException("it needs at least one item, each with a unique id and a title.");
        }

        return new Snapshot(items, items.ToFrozenDictionary(i => i.Id, StringComparer.Ordinal));
    }

    private sealed record Snapshot(Item[] Items, FrozenDictionary<string, Item> ById);
}
