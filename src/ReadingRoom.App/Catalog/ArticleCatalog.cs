using System.Collections.Frozen;
using System.Text.Json;

namespace ReadingRoom.App.Catalog;

/// <summary>The shipped catalog (<c>Catalog/articles.json</c>), read and checked once at start.</summary>
public sealed class ArticleCatalog
{
    private readonly FrozenDictionary<string, Article> _byId;

    private ArticleCatalog(Article[] articles)
    {
        All = articles;
        _byId = articles.ToFrozenDictionary(a => a.Id, StringComparer.Ordinal);
        Topics = articles.Select(a => a.Topic).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<Article> All { get; }

    public IReadOnlyList<string> Topics { get; }

    public Article? Find(string id) => _byId.GetValueOrDefault(id);

    public static ArticleCatalog Load(string path)
    {
        Article[]? articles;
        try
        {
            articles = JsonSerializer.Deserialize(File.ReadAllText(path), CatalogJsonContext.Default.ArticleArray);
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            throw new InvalidOperationException($"The article catalog at {path} could not be read: {ex.Message}", ex);
        }

        if (articles is not { Length: > 0 } || articles.Any(a => string.IsNullOrWhiteSpace(a.Id) || string.IsNullOrWhiteSpace(a.Title) || string.IsNullOrWhiteSpace(a.Body)))
        {
            throw new InvalidOperationException($"The article catalog at {path} must be a non-empty array of articles, each with an id, title, topic and body.");
        }

        if (articles.GroupBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"The article catalog at {path} lists the id '{duplicate.Key}' more than once.");
        }

        return new ArticleCatalog(articles);
    }
}
