using Connector.Gateway.Search;
using ReadingRoom.App.Librarian;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Catalog;

/// <summary>The catalog as the skeleton's search sees it: every article, by title and body, with its topic.</summary>
internal static class CatalogSearch
{
    public static readonly SearchWords Words = new(
        "Search the catalog",
        "Finds articles by what they are about or by words in them, e.g. 'the one about trains at night' or 'sourdough'. "
        + $"Returns ids, titles and a snippet, best first; then read one with {ToolNames.DomainGetArticle}. "
        + $"When you already know the id, use {ToolNames.DomainGetArticle} directly.",
        ReadingRoomLibrarian.DomainReminder);

    public static ISearchSource Source(IServiceProvider services)
    {
        var catalog = services.GetRequiredService<ArticleCatalog>();
        return new SearchSource(() => catalog.Version, () => catalog.All.Select(a =>
            new SearchItem(a.Id, a.Title, a.Body, new Dictionary<string, string> { ["topic"] = a.Topic })));
    }
}
