using Connector.Gateway.Search;
using Connector.Gateway.Tools;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Gateway.Tests.Search;

public sealed class SearchServiceTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("search-tests-");
    private readonly List<SearchItem> _items =
    [
        new("whales", "A Sad Whale", "The story of a whale hunted across the sea by a captain who would not stop."),
        new("bread", "Bread Without a Recipe", "Flour, water, salt and time make a loaf."),
        new("trains", "The Night Train", "Sleeper trains cross Europe while you sleep."),
    ];

    private int _version = 1;

    [Fact]
    public async Task Keyword_ExactTitleFirst_ThenOtherWordMatches()
    {
        using var search = Service(embedder: null);

        var result = await search.SearchAsync("the night train", 1, default);

        Assert.Equal("trains", result.Results[0].Id);
        Assert.Contains("exact", result.Results[0].MatchedBy);
        Assert.Equal("keyword", result.Mode);
    }

    [Fact]
    public async Task Keyword_SnippetMarksTheTellingWords_NotEveryThe()
    {
        using var search = Service(embedder: null);

        var result = await search.SearchAsync("why does the captain hunt the whale", 1, default);

        Assert.Equal("whales", result.Results[0].Id);
        Assert.Contains("[captain]", result.Results[0].Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("[the]", result.Results[0].Snippet, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Keyword_TooManyMatchesToRank_TitleMatchesFirst_AndTheNoteSaysSo()
    {
        // More items mention tea in their text than a tier ranks; the three with tea in the title come after all of
        // them in the catalog, so only finding them through the titles puts them first.
        for (var i = 0; i < KeywordIndex.MaxRanked + 200; i++)
        {
            _items.Add(new($"note-{i}", $"Note {i}", "A plain note that mentions tea once, among other things."));
        }

        _items.AddRange([new("tea-1", "Green Tea", "Leaves."), new("tea-2", "Black Tea", "Leaves."), new("tea-3", "Tea Gardens", "Hills.")]);
        using var search = Service(embedder: null);

        var result = await search.SearchAsync("tea", 1, default);

        Assert.Equal(["tea-1", "tea-2", "tea-3"], result.Results.Take(3).Select(r => r.Id).Order());
        Assert.StartsWith("note-", result.Results[3].Id, StringComparison.Ordinal);
        Assert.Contains("Very many items", result.Note, StringComparison.Ordinal);
        Assert.Null((await search.SearchAsync("leaves", 1, default)).Note);
    }

    [Fact]
    public async Task ContentChanged_IsIndexedAgain_AndTheNewItemFound()
    {
        using var search = Service(embedder: null);
        Assert.Equal(0, (await search.SearchAsync("lighthouse", 1, default)).Total);

        _items.Add(new("lighthouse", "Keeping the Light", "A lighthouse keeper's year."));
        _version++;
        await search.EnsureIndexing();

        Assert.Equal("lighthouse", (await search.SearchAsync("lighthouse", 1, default)).Results[0].Id);
    }

    [Fact]
    public async Task Meaning_VectorsAreCachedByText_SoARestartEmbedsOnlyWhatChanged()
    {
        var first = new LetterEmbedder();
        using (var search = Service(first))
        {
            await search.EnsureIndexing();
        }

        _items[1] = _items[1] with { Text = "Flour, water, salt, time and patience make a loaf." };
        var second = new LetterEmbedder();
        using (var search = Service(second))
        {
            await search.EnsureIndexing();
            Assert.Equal("hybrid", (await search.SearchAsync("whale", 1, default)).Mode);
        }

        // A warm-up text each start, then: all three items; after the restart only the edited item, and the query.
        Assert.Equal(1 + 3, first.Embedded);
        Assert.Equal(1 + 1 + 1, second.Embedded);
    }

    [Fact]
    public async Task ModelThatWontLoad_RefusesPlainly_AndStatusSaysUnavailable()
    {
        using var search = Service(new LetterEmbedder(broken: true));
        await search.EnsureIndexing();

        var refusal = await Assert.ThrowsAsync<ToolRefusal>(() => search.SearchAsync("whale", 1, default));

        Assert.Contains("can't be used right now", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("don't guess", refusal.Message, StringComparison.Ordinal);
        Assert.StartsWith("unavailable", search.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_TenAPage_AndPastTheEndRefused()
    {
        for (var i = 0; i < 25; i++)
        {
            _items.Add(new($"tea-{i}", $"Tea number {i}", "A cup of tea."));
        }

        using var search = Service(embedder: null);

        var third = await search.SearchAsync("tea", 3, default);

        Assert.Equal(25, third.Total);
        Assert.Equal(3, third.Pages);
        Assert.Equal(5, third.Results.Count);
        await Assert.ThrowsAsync<ToolRefusal>(() => search.SearchAsync("tea", 4, default));
    }

    public void Dispose() => _data.Delete(recursive: true);

    private SearchService Service(ITextEmbedder? embedder) => new(
        "domain_search_things",
        new SearchSource(() => _version, () => _items),
        new SearchWords("Search", "Searches things.", "Be brief."),
        embedder,
        _data.FullName,
        NullLogger<SearchService>.Instance);
}
