using System.Text.Json;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Search;

/// <summary>
/// Search by meaning through real HTTP and the real local model: each query describes an article without any of its
/// words (checked, not assumed), and the article must be in the first three results.
/// </summary>
public sealed class ParaphraseSearchTests(SqliteConnector<Program> host, ITestOutputHelper output) : IClassFixture<SqliteConnector<Program>>
{
    public static readonly TheoryData<string, string> Paraphrases = new()
    {
        { "slow-reading", "going unhurriedly through a book to retain more" },
        { "marginalia", "jotting thoughts alongside printed pages" },
        { "tidal-clocks", "the moon pulling the ocean up and down the shore" },
        { "mycelium-networks", "how mushrooms let woodland plants share food" },
        { "bread-at-home", "kneading dough at home by instinct" },
        { "one-pan-dinners", "a single skillet supper" },
        { "map-reading", "studying terrain charts before a hike" },
        { "night-trains", "overnight railway journeys through the continent" },
        { "habit-stacking", "pairing a fresh routine with an existing daily ritual" },
        { "walking-thinking", "a stroll clears the mind for creative problem solving" },
    };

    [Theory]
    [MemberData(nameof(Paraphrases))]
    public async Task Paraphrase_FindsItsArticle_InTheTopThree(string id, string query)
    {
        var article = await ArticleAsync(id);
        Assert.Empty(ContentWords.Shared(query, article));

        var results = await SearchAsync(query);

        var rank = results.FindIndex(r => r.GetProperty("id").GetString() == id) + 1;
        output.WriteLine($"'{query}' -> {id} at rank {rank}");
        Assert.InRange(rank, 1, 3);
        Assert.Contains("meaning", results[rank - 1].GetProperty("matchedBy").EnumerateArray().Select(m => m.GetString()));
    }

    private async Task<string> ArticleAsync(string id)
    {
        var (http, token, session) = await SignInAsync();
        using (http)
        {
            var article = (await http.CallToolAsync(token, ToolNames.DomainGetArticle, new Dictionary<string, object?> { ["session"] = session, ["id"] = id })).Data.GetProperty("article");
            return article.GetProperty("title").GetString() + " " + article.GetProperty("body").GetString();
        }
    }

    private async Task<List<JsonElement>> SearchAsync(string query)
    {
        var (http, token, session) = await SignInAsync();
        using (http)
        {
            var result = await http.CallToolAsync(token, ToolNames.DomainSearchArticles, new Dictionary<string, object?> { ["session"] = session, ["query"] = query });
            Assert.False(result.IsError, result.Text);
            Assert.Equal("hybrid", result.Data.GetProperty("mode").GetString());
            return [.. result.Data.GetProperty("results").EnumerateArray()];
        }
    }

    private async Task<(McpHttp Http, string Token, string Session)> SignInAsync()
    {
        var http = new McpHttp(host.Gateway.McpUrl);
        var token = await host.TokenFor(TestUsers.New());
        return (http, token, (await http.CallToolAsync(token, "begin_session")).Data.GetProperty("session").GetString()!);
    }
}
