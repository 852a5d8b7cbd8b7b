using System.Net;
using System.Text.Json;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Search;

/// <summary>domain_search_articles through real HTTP: what finds what, and bad queries answered plainly.</summary>
public sealed class CatalogSearchTests(SqliteConnector<Program> host) : IClassFixture<SqliteConnector<Program>>
{
    [Theory]
    [InlineData("Notes in the Margin", "marginalia")]
    [InlineData("The Return of the Night Train", "night-trains")]
    [InlineData("how tides keep time", "tidal-clocks")]
    public async Task ExactTitle_RanksItsArticleFirst(string query, string id)
    {
        var result = await SearchAsync(query);

        var first = result.GetProperty("results")[0];
        Assert.Equal(id, first.GetProperty("id").GetString());
        Assert.Contains("exact", first.GetProperty("matchedBy").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task KeywordHit_ComesWithASnippetAroundTheMatch_AndItsTopic()
    {
        var result = await SearchAsync("sourdough flour");

        var hit = result.GetProperty("results").EnumerateArray().First(r => r.GetProperty("id").GetString() == "bread-at-home");
        Assert.Contains("[Flour]", hit.GetProperty("snippet").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("cooking", hit.GetProperty("fields").GetProperty("topic").GetString());
        Assert.InRange(hit.GetProperty("score").GetDouble(), 0.0, 1.0);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("NEAR(")]
    [InlineData("OR")]
    [InlineData("title:bread")]
    [InlineData("bread\" OR \"x")]
    [InlineData("bread AND NOT ")]
    [InlineData("?!.,;:()")]
    [InlineData("鲸鱼的悲伤故事")]
    [InlineData("Вечерний поезд")]
    [InlineData("'; DROP TABLE items; --")]
    public async Task HostileOrOddQuery_GetsAResultOrAnEmptyOne_NeverAnError(string query)
    {
        var result = await SearchAsync(query);

        Assert.Equal(JsonValueKind.Array, result.GetProperty("results").ValueKind);
        Assert.True(result.GetProperty("total").GetInt32() >= 0);
    }

    [Fact]
    public async Task PunctuationOnly_SaysThereAreNoWords_AndFindsNothing()
    {
        var result = await SearchAsync("?!...");

        Assert.Equal(0, result.GetProperty("total").GetInt32());
        Assert.Contains("no words", result.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongestAllowedQuery_IsSearched_AndSaysItWasCutShort()
    {
        var result = await SearchAsync(string.Join(' ', Enumerable.Repeat("train", 2000))[..10_000]);

        Assert.Equal("night-trains", result.GetProperty("results")[0].GetProperty("id").GetString());
        Assert.Contains("long", result.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyQuery_IsRefusedPlainly(string query)
    {
        var (token, session) = await SignInAsync();
        using var http = new McpHttp(host.Gateway.McpUrl);

        var result = await http.CallToolAsync(token, ToolNames.DomainSearchArticles, new Dictionary<string, object?> { ["session"] = session, ["query"] = query });

        Assert.True(result.IsError);
        Assert.Contains("a few words", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagePastTheEnd_IsRefused_SayingHowManyThereAre()
    {
        var (token, session) = await SignInAsync();
        using var http = new McpHttp(host.Gateway.McpUrl);

        var result = await http.CallToolAsync(token, ToolNames.DomainSearchArticles, new Dictionary<string, object?> { ["session"] = session, ["query"] = "reading", ["page"] = 9 });

        Assert.True(result.IsError);
        Assert.Contains("page(s)", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutASession_IsRefusedLikeEveryDomainTool()
    {
        using var http = new McpHttp(host.Gateway.McpUrl);

        var result = await http.CallToolAsync(await host.TokenFor(TestUsers.New()), ToolNames.DomainSearchArticles, new Dictionary<string, object?> { ["query"] = "trains" });

        Assert.True(result.IsError);
        Assert.Contains("begin_session", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_SaysTheSearchIsReady()
    {
        await SearchAsync("trains");
        using var http = new McpHttp(host.Gateway.McpUrl);

        var health = await http.CallToolAsync(await host.TokenFor(TestUsers.New()), "health");

        Assert.StartsWith("ready", health.Data.GetProperty("search").GetProperty(ToolNames.DomainSearchArticles).GetString(), StringComparison.Ordinal);
    }

    private async Task<(string Token, string Session)> SignInAsync()
    {
        var token = await host.TokenFor(TestUsers.New());
        using var http = new McpHttp(host.Gateway.McpUrl);
        return (token, (await http.CallToolAsync(token, "begin_session")).Data.GetProperty("session").GetString()!);
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        var (token, session) = await SignInAsync();
        using var http = new McpHttp(host.Gateway.McpUrl);
        var result = await http.CallToolAsync(token, ToolNames.DomainSearchArticles, new Dictionary<string, object?> { ["session"] = session, ["query"] = query });
        Assert.False(result.IsError, result.Text);
        return result.Data;
    }
}
