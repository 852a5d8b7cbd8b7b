using System.ComponentModel;
using Connector.Gateway.Tools;
using ModelContextProtocol.Server;
using ReadingRoom.App.Catalog;
using ReadingRoom.App.Librarian;
using ReadingRoom.App.Tools.Results;

namespace ReadingRoom.App.Tools;

/// <summary>domain_*: what the Reading Room knows, its catalog of articles.</summary>
[McpServerToolType]
public sealed class DomainTools(ArticleCatalog catalog)
{
    [McpServerTool(Name = ToolNames.DomainListArticles, Title = "List articles", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the Reading Room's catalog (id, title, topic), optionally only one topic. Needs the `session` from begin_session.")]
    public ArticleListResult ListArticles(
        VerifiedUser _,
        [Description("Only articles on this topic, e.g. 'science'. Omit for all.")] string? topic = null)
    {
        var articles = catalog.All
            .Where(a => topic is null || a.Topic.Equals(topic.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(a => new ArticleSummary(a.Id, a.Title, a.Topic))
            .ToArray();
        return new ArticleListResult(articles, catalog.Topics, ReadingRoomLibrarian.DomainReminder);
    }

    [McpServerTool(Name = ToolNames.DomainGetArticle, Title = "Read an article", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns one article from the catalog by its id (title, topic and text). Needs the `session` from begin_session.")]
    public ArticleResult GetArticle(
        VerifiedUser _,
        [Description("The article's id, as listed by domain_list_articles.")] string id)
    {
        var article = catalog.Find(id.Trim()) ?? throw UnknownArticle(id);
        return new ArticleResult(article, ReadingRoomLibrarian.DomainReminder);
    }

    internal static ToolRefusal UnknownArticle(string id) =>
        new($"There is no article with id '{Clip(id)}' in the catalog. Call domain_list_articles to see the valid ids.");

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
