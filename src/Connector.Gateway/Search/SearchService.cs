using Connector.Gateway.Tools;
using Microsoft.Extensions.Logging;

namespace Connector.Gateway.Search;

/// <summary>
/// One search tool's index and its life: built in the background at start (start-up doesn't wait for it), rebuilt when
/// the source's version changes (the old index serves until the new one is ready), and failing closed: if the index or
/// the model can't be built, the tool refuses plainly and <c>health</c> says so, while the rest of the app keeps working.
/// </summary>
public sealed partial class SearchService(
    string toolName, ISearchSource source, SearchWords words, ITextEmbedder? embedder, string dataDirectory, ILogger<SearchService> logger) : IDisposable
{
    public const int PageSize = 10;

    /// <summary>How many hits each method contributes to the fusion; more rarely changes a first page.</summary>
    private const int Candidates = 50;

    /// <summary>A query's meaning is read from this much of it at most (the model reads about 256 words anyway).</summary>
    private const int MaxQueryCharacters = 1000;

    private static readonly TimeSpan s_firstBuildWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_retryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private volatile SearchIndex? _index;
    private object? _indexedVersion;
    private Task? _building;
    private DateTime _failedAt = DateTime.MinValue;
    private string? _failure;

    public string ToolName => toolName;

    /// <summary>For <c>health</c>: ready, indexing, or unavailable (and why, in plain words).</summary>
    public string Status => _failure is not null && _index is null ? "unavailable: " + _failure
        : _index is null ? "indexing"
        : $"ready ({_index.Items.Count} items, {Mode})";

    private string Mode => embedder is null ? "keyword" : "hybrid";

    /// <summary>Starts building the index if it isn't built for the source's current version (never waits).</summary>
    public Task EnsureIndexing()
    {
        lock (_gate)
        {
            var version = source.Version;
            if (_building is { IsCompleted: false } || (Equals(version, _indexedVersion) && _index is not null)
                || (_failure is not null && DateTime.UtcNow - _failedAt < s_retryAfterFailure && Equals(version, _indexedVersion)))
            {
                return _building ?? Task.CompletedTask;
            }

            _indexedVersion = version;
            _building = Task.Run(() => Build(version));
            return _building;
        }
    }

    /// <summary>The build under way, or a completed task; it never faults (a failed build is recorded, not thrown).</summary>
    internal Task Building
    {
        get
        {
            lock (_gate)
            {
                return _building ?? Task.CompletedTask;
            }
        }
    }

    public async Task<SearchResult> SearchAsync(string query, int page, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ToolRefusal($"Give `query` a few words to search for (e.g. what the user asked about), then call {toolName} again.");
        }

        if (page < 1)
        {
            throw new ToolRefusal("Argument `page` counts from 1.");
        }

        var index = await CurrentIndexAsync(cancellationToken);
        var wordsOfQuery = KeywordIndex.Words(query);
        if (wordsOfQuery.Count == 0)
        {
            return new SearchResult(query, [], 0, 1, 1, Mode, "The query has no words to search for (only punctuation or symbols). Ask the user what they are looking for.", words.Reminder);
        }

        var keywordMatches = index.Keywords.Search(wordsOfQuery, Candidates);
        var keywordHits = keywordMatches.Hits;
        var meaningHits = index.Meanings is { } meanings
            ? meanings.Search(embedder!.Embed([query.Length <= MaxQueryCharacters ? query : query[..MaxQueryCharacters]])[0], Candidates)
            : [];
        var ranked = Rank(keywordHits, meaningHits);
        var pages = Math.Max(1, (ranked.Count + PageSize - 1) / PageSize);
        if (page > pages)
        {
            throw new ToolRefusal($"There is no page {page}: the matches fill {pages} page(s).");
        }

        var exact = keywordHits.Where(h => h.Exact).Select(h => h.Item).ToHashSet();
        var byKeyword = keywordHits.Select(h => h.Item).ToHashSet();
        var byMeaning = meaningHits.Select(h => h.Item).ToHashSet();
        var shown = ranked.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        // Snippets for the page shown only: FTS5 builds each from the item's text.
        var snippets = index.Keywords.Snippets([.. shown.Select(r => r.Item).Where(byKeyword.Contains)], wordsOfQuery);
        var hits = shown.Select(r =>
        {
            var item = index.Items[r.Item];
            IReadOnlyList<string> matchedBy = [.. new[] { exact.Contains(r.Item) ? "exact" : null, byKeyword.Contains(r.Item) ? "keyword" : null, byMeaning.Contains(r.Item) ? "meaning" : null }.OfType<string>()];
            return new SearchHit(item.Id, item.Title, snippets.GetValueOrDefault(r.Item) ?? Lead(item.Text), Math.Round(r.Score, 3), matchedBy, item.Fields);
        }).ToList();
        var note = query.Length > MaxQueryCharacters || wordsOfQuery.Count == KeywordIndex.MaxWords ? "The query was long; only its beginning was searched."
            : keywordMatches.Narrowed ? "Very many items share these words: those with them in the title come first, and only some of the rest were ranked. A more telling word narrows the search."
            : null;
        return new SearchResult(query, hits, ranked.Count, page, pages, Mode, note, words.Reminder);
    }

    public void Dispose() => _index?.Dispose();

    /// <summary>
    /// Exact phrase matches first; then, by reciprocal rank fusion, items that matched every word and items close in
    /// meaning; then items that share only some word with the query. Scores are scaled so that first in both lists is 1.
    /// Keyword only: the keyword tiers in order.
    /// </summary>
    private static List<(int Item, double Score)> Rank(IReadOnlyList<KeywordHit> keyword, IReadOnlyList<(int Item, float Similarity)> meaning)
    {
        var best = (meaning.Count > 0 ? 2.0 : 1.0) / (RankFusion.K + 1);
        var whole = meaning.Count > 0 ? keyword.Where(h => h.Whole).ToList() : keyword;
        var fused = RankFusion.Fuse([.. whole.Select(h => h.Item)], [.. meaning.Select(h => h.Item)]);
        var exact = keyword.Where(h => h.Exact).Select(h => h.Item).ToHashSet();
        var ranked = fused.OrderByDescending(f => exact.Contains(f.Item)).Select(f => (f.Item, Math.Min(1.0, f.Score / best))).ToList();
        var listed = ranked.Select(r => r.Item).ToHashSet();
        var partial = keyword.Where(h => !listed.Contains(h.Item)).Select((h, i) => (h.Item, 1.0 / (RankFusion.K + whole.Count + i + 1) / best));
        return [.. ranked, .. partial];
    }

    private static string Lead(string text)
    {
        const int Length = 200;
        return text.Length <= Length ? text : text[..text.LastIndexOf(' ', Length)] + "…";
    }

    private async Task<SearchIndex> CurrentIndexAsync(CancellationToken cancellationToken)
    {
        var building = EnsureIndexing();
        if (_index is null)
        {
            try
            {
                await building.WaitAsync(s_firstBuildWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new ToolRefusal($"Search is still being prepared. Try {toolName} again in a moment; meanwhile list the items and fetch by id.");
            }
        }

        return _index ?? throw new ToolRefusal(
            $"Search can't be used right now ({_failure}). Tell the user plainly; list the items and fetch by id instead, and don't guess what search would have found.",
            "search-unavailable");
    }

    private void Build(object version)
    {
        try
        {
            var items = source.Items;
            var cache = embedder is null ? null : new EmbeddingCache(EmbeddingCache.PathFor(dataDirectory, toolName, embedder.Model), embedder.Dimensions);
            var started = DateTime.UtcNow;
            var built = SearchIndex.Build(items, embedder, cache);
            // The old index is not disposed: a search may still be reading it. Its in-memory database's handles are
            // freed by the garbage collector once nothing holds it; rebuilds happen only when content changes.
            _index = built;
            _failure = null;
            LogIndexed(logger, toolName, items.Count, Mode, (DateTime.UtcNow - started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            _failure = embedder is null
                ? "its index could not be built"
                : "its index, or the model it searches by meaning with, could not be loaded";
            _failedAt = DateTime.UtcNow;
            LogIndexFailed(logger, toolName, version.ToString() ?? "", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search {Tool}: indexed {Count} items ({Mode}) in {Milliseconds:F0} ms.")]
    private static partial void LogIndexed(ILogger logger, string tool, int count, string mode, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search {Tool}: the index for content version {Version} could not be built; the tool refuses until it can.")]
    private static partial void LogIndexFailed(ILogger logger, string tool, string version, Exception exception);
}
