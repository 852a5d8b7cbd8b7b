using System.Collections.Frozen;
using System.Text.Json;
using Connector.Gateway.Content;

namespace ReadingRoom.App.Catalog;

/// <summary>
/// The shipped catalog (<c>Catalog/articles.json</c>): read and checked at start, read again when the file is edited
/// (a broken edit keeps the last good catalog).
/// </summary>
public sealed class ArticleCatalog
{
    private readonly AppContentFile<Snapshot> _file;

    private ArticleCatalog(string path) => _file = new AppContentFile<Snapshot>(path, Parse);

    public IReadOnlyList<Article> All => _file.Current.Articles;

    public IReadOnlyList<string> Topics => _file.Current.Topics;

    /// <summary>Changes when the catalog does (the search index rebuilds on it).</summary>
    public object Version => _file.Version;

    public Article? Find(string id) => _file.Current.ById.GetValueOrDefault(id);

    public static ArticleCatalog Load(string path) => new(path);

    private static Snapshot Parse(string text)
    {
        Article[]? articles;
        try
        {
            articles = JsonSerializer.Deserialize(text, CatalogJsonContext.Default.ArticleArray);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"it is not a JSON array of articles: {ex.Message}", ex);
        }

        if (articles is not { Length: > 0 } || articles.Any(a => string.IsNullOrWhiteSpace(a.Id) || string.IsNullOrWhiteSpace(a.Title) || string.IsNullOrWhiteSpace(a.Body)))
        {
            throw new InvalidOperationException("it must be a non-empty array of articles, each with an id, title, topic and body.");
        }

        if (articles.GroupBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"it lists the id '{duplicate.Key}' more than once.");
        }

        return new Snapshot(
            articles,
            articles.ToFrozenDictionary(a => a.Id, StringComparer.Ordinal),
            [.. articles.Select(a => a.Topic).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    private sealed record Snapshot(IReadOnlyList<Article> Articles, FrozenDictionary<string, Article> ById, IReadOnlyList<string> Topics);
}
