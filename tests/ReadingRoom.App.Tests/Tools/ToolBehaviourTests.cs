using Connector.Gateway.Tools;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Tools;

/// <summary>What each tool does for a signed-in reader, end to end through the real client, gateway and store.</summary>
public sealed class ToolBehaviourTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private const string SlowReading = "slow-reading";
    private const string SlowReadingTitle = "The Case for Slow Reading";

    [Fact]
    public async Task BeginSession_NewReader_ReturnsEverythingTheAiNeedsToStart()
    {
        await using var client = await ConnectAsync(TestUsers.New());

        var begin = Ok(await client.CallToolAsync("begin_session", NoArguments()));

        Assert.StartsWith("cs1.", begin.GetProperty("session").GetString(), StringComparison.Ordinal);
        var untilExpiry = begin.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(untilExpiry, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
        var rules = begin.GetProperty("rules").GetString();
        Assert.Contains("Fail closed:", rules, StringComparison.Ordinal);
        Assert.Contains("mid-way", rules, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(begin.GetProperty("persona").GetString()));
        Assert.Equal("empty", begin.GetProperty("state").GetProperty("status").GetString());
        Assert.Empty(begin.GetProperty("state").GetProperty("items").EnumerateArray());
        Assert.False(string.IsNullOrWhiteSpace(begin.GetProperty("reminder").GetString()));
    }

    [Fact]
    public async Task DomainListArticles_NoTopic_ListsTheCatalog()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var list = Ok(await client.CallToolAsync(ToolNames.DomainListArticles, Args(session)));

        var articles = list.GetProperty("articles").EnumerateArray().ToList();
        Assert.True(articles.Count >= 8, $"only {articles.Count} articles");
        foreach (var article in articles)
        {
            Assert.False(string.IsNullOrWhiteSpace(article.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(article.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(article.GetProperty("topic").GetString()));
            Assert.False(article.TryGetProperty("body", out _), "the list should not carry whole articles");
        }

        Assert.Equal(articles.Count, articles.Select(a => a.GetProperty("id").GetString()).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("science", list.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("science")]
    [InlineData("Science")]
    [InlineData(" science ")]
    public async Task DomainListArticles_Topic_ListsOnlyThatTopic(string topic)
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);
        var all = Ok(await client.CallToolAsync(ToolNames.DomainListArticles, Args(session))).GetProperty("articles").GetArrayLength();

        var list = Ok(await client.CallToolAsync(ToolNames.DomainListArticles, Args(session, ("topic", topic))));

        var articles = list.GetProperty("articles").EnumerateArray().ToList();
        Assert.NotEmpty(articles);
        Assert.True(articles.Count < all);
        Assert.All(articles, a => Assert.Equal("science", a.GetProperty("topic").GetString()));
    }

    [Fact]
    public async Task DomainGetArticle_KnownId_ReturnsTheWholeArticle()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var article = Ok(await client.CallToolAsync(ToolNames.DomainGetArticle, Args(session, ("id", SlowReading)))).GetProperty("article");

        Assert.Equal(SlowReading, article.GetProperty("id").GetString());
        Assert.Equal(SlowReadingTitle, article.GetProperty("title").GetString());
        Assert.Equal("reading", article.GetProperty("topic").GetString());
        Assert.StartsWith("Reading slowly", article.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DomainGetArticle_UnknownId_IsRefusedPointingAtTheList()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(ToolNames.DomainGetArticle, Args(session, ("id", "no-such-article")));

        Assert.True(result.IsError);
        Assert.Null(result.StructuredContent);
        Assert.Contains("domain_list_articles", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserSaveToShelf_ThenGetShelf_ShowsTitleProgressAndPosition()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var saved = Ok(await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", 40), ("position", "second paragraph"))));
        var shelf = Ok(await client.CallToolAsync(ToolNames.UserGetShelf, Args(session))).GetProperty("shelf");

        Assert.Equal(1, saved.GetProperty("shelfCount").GetInt32());
        Assert.Equal("saved", shelf.GetProperty("status").GetString());
        var item = Assert.Single(shelf.GetProperty("items").EnumerateArray());
        Assert.Equal(SlowReading, item.GetProperty("articleId").GetString());
        Assert.Equal(SlowReadingTitle, item.GetProperty("title").GetString());
        Assert.Equal(40, item.GetProperty("progress").GetInt32());
        Assert.Equal("second paragraph", item.GetProperty("position").GetString());
    }

    [Fact]
    public async Task UserSaveToShelf_OnlyProgressTheSecondTime_KeepsThePosition()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);
        Ok(await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", 40), ("position", "second paragraph"))));

        var saved = Ok(await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", 80))));
        var shelf = Ok(await client.CallToolAsync(ToolNames.UserGetShelf, Args(session))).GetProperty("shelf");

        Assert.Equal(1, saved.GetProperty("shelfCount").GetInt32());
        var item = Assert.Single(shelf.GetProperty("items").EnumerateArray());
        Assert.Equal(80, item.GetProperty("progress").GetInt32());
        Assert.Equal("second paragraph", item.GetProperty("position").GetString());
    }

    [Fact]
    public async Task BeginSession_AfterSavingMidway_OpensWithThatArticle()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);
        Ok(await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", 40), ("position", "second paragraph"))));

        var state = Ok(await client.CallToolAsync("begin_session", NoArguments())).GetProperty("state");

        Assert.Equal("saved", state.GetProperty("status").GetString());
        var openWith = state.GetProperty("openWith").GetString();
        Assert.Contains(SlowReadingTitle, openWith, StringComparison.Ordinal);
        Assert.Contains("second paragraph", openWith, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserRemoveFromShelf_SavedArticle_RemovesItOnceOnly()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);
        Ok(await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", 40))));

        var first = Ok(await client.CallToolAsync(ToolNames.UserRemoveFromShelf, Args(session, ("article_id", SlowReading))));
        var second = Ok(await client.CallToolAsync(ToolNames.UserRemoveFromShelf, Args(session, ("article_id", SlowReading))));
        var shelf = Ok(await client.CallToolAsync(ToolNames.UserGetShelf, Args(session))).GetProperty("shelf");

        Assert.True(first.GetProperty("removed").GetBoolean());
        Assert.Equal(0, first.GetProperty("shelfCount").GetInt32());
        Assert.False(second.GetProperty("removed").GetBoolean());
        Assert.Equal("empty", shelf.GetProperty("status").GetString());
        Assert.Empty(shelf.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task UserSaveToShelf_UnknownArticle_IsRefusedAndStoresNothing()
    {
        var reader = TestUsers.New();
        await using var client = await ConnectAsync(reader);
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", "made-up-article"), ("progress", 10)));

        Assert.True(result.IsError);
        Assert.Null(result.StructuredContent);
        Assert.Contains("domain_list_articles", Text(result), StringComparison.Ordinal);
        Assert.Equal("empty", Ok(await client.CallToolAsync(ToolNames.UserGetShelf, Args(session))).GetProperty("shelf").GetProperty("status").GetString());
        Assert.Null(await StateDatabase.ScalarAsync(fixture.Gateway.DatabasePath, "SELECT state FROM user_state WHERE user_id = $id", ("$id", reader)));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task UserSaveToShelf_ProgressOutOfRange_IsRefusedNamingProgress(int progress)
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", progress)));

        Assert.True(result.IsError);
        Assert.Contains("`progress`", Text(result), StringComparison.Ordinal);
        Assert.Equal("empty", Ok(await client.CallToolAsync(ToolNames.UserGetShelf, Args(session))).GetProperty("shelf").GetProperty("status").GetString());
    }

    [Fact]
    public async Task UserSaveToShelf_ProgressAsWords_IsRefusedNamingProgress()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", "forty")));

        Assert.True(result.IsError);
        Assert.Null(result.StructuredContent);
        Assert.Contains("`progress`", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DomainGetArticle_NumericId_IsRefusedNamingId()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(ToolNames.DomainGetArticle, Args(session, ("id", 5)));

        Assert.True(result.IsError);
        Assert.Null(result.StructuredContent);
        Assert.Contains("`id`", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserGetShelf_InjectedUserIdOfAnotherReader_IsRefusedAndLeaksNothing()
    {
        var victim = TestUsers.New();
        await using var victimClient = await ConnectAsync(victim);
        var victimSession = await BeginAsync(victimClient);
        Ok(await victimClient.CallToolAsync(ToolNames.UserSaveToShelf, Args(victimSession, ("article_id", "marginalia"), ("progress", 30))));
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(ToolNames.UserGetShelf, Args(session, ("user_id", victim)));

        var text = Text(result);
        Assert.True(result.IsError);
        Assert.Null(result.StructuredContent);
        Assert.Contains("`user_id`", text, StringComparison.Ordinal);
        Assert.DoesNotContain("marginalia", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Notes in the Margin", text, StringComparison.Ordinal);
        var victimItem = Assert.Single(Ok(await victimClient.CallToolAsync(ToolNames.UserGetShelf, Args(victimSession))).GetProperty("shelf").GetProperty("items").EnumerateArray());
        Assert.Equal("marginalia", victimItem.GetProperty("articleId").GetString());
        Assert.Equal(30, victimItem.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task UserSaveToShelf_InjectedUserIdOfAnotherReader_IsRefusedAndWritesNothing()
    {
        var victim = TestUsers.New();
        await using var victimClient = await ConnectAsync(victim);
        var victimSession = await BeginAsync(victimClient);
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("user_id", victim)));

        Assert.True(result.IsError);
        Assert.Contains("`user_id`", Text(result), StringComparison.Ordinal);
        Assert.Equal("empty", Ok(await victimClient.CallToolAsync(ToolNames.UserGetShelf, Args(victimSession))).GetProperty("shelf").GetProperty("status").GetString());
        Assert.Equal("empty", Ok(await client.CallToolAsync(ToolNames.UserGetShelf, Args(session))).GetProperty("shelf").GetProperty("status").GetString());
    }

    [Fact]
    public async Task GatedTools_Success_AlwaysCarryAReminder()
    {
        await using var client = await ConnectAsync(TestUsers.New());

        var results = await CallEveryToolAsync(client);

        var gated = results.Where(r => r.Key.StartsWith("domain_", StringComparison.Ordinal) || r.Key.StartsWith("user_", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, gated.Count);
        foreach (var (tool, result) in gated)
        {
            Assert.True(Ok(result).TryGetProperty("reminder", out var reminder), $"{tool} has no reminder");
            Assert.False(string.IsNullOrWhiteSpace(reminder.GetString()), $"{tool} has an empty reminder");
        }
    }

    [Fact]
    public async Task EveryTool_StructuredContent_EqualsItsTextContent()
    {
        // Hosts that ignore structuredContent read the text; both must say the same thing.
        await using var client = await ConnectAsync(TestUsers.New());

        foreach (var (tool, result) in await CallEveryToolAsync(client))
        {
            var structured = JsonNode.Parse(Ok(result).GetRawText());
            var text = JsonNode.Parse(Text(result));
            Assert.True(JsonNode.DeepEquals(structured, text), $"{tool}: structuredContent and text differ");
        }
    }

    [Fact]
    public async Task ConfigTools_ReturnTheTextsBeginSessionGives()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var begin = Ok(await client.CallToolAsync("begin_session", NoArguments()));

        var rules = Ok(await client.CallToolAsync(GatewayToolNames.ConfigGetRules, NoArguments()));
        var persona = Ok(await client.CallToolAsync(GatewayToolNames.ConfigGetPersona, NoArguments()));

        Assert.Equal(begin.GetProperty("rules").GetString(), rules.GetProperty("rules").GetString());
        Assert.Equal(begin.GetProperty("persona").GetString(), persona.GetProperty("persona").GetString());
    }

    [Fact]
    public async Task BeginSession_TokenWithEmail_StoresTheEmailOnTheUser()
    {
        var reader = TestUsers.New();
        var email = reader + "@example.com";
        await using var client = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.Auth.MintAsync(reader, fixture.Gateway.McpUrl, email));

        Ok(await client.CallToolAsync("begin_session", NoArguments()));

        Assert.Equal(email, await StateDatabase.ScalarAsync(fixture.Gateway.DatabasePath, "SELECT email FROM users WHERE id = $id", ("$id", reader)));
    }

    [Fact]
    public async Task Shelf_SavedInOneChat_IsRememberedInABrandNewChat()
    {
        var reader = TestUsers.New();
        await using (var firstChat = await ConnectAsync(reader))
        {
            var session = await BeginAsync(firstChat);
            Ok(await firstChat.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", "night-trains"), ("progress", 60), ("position", "the sleeper car"))));
        }

        await using var secondChat = await ConnectAsync(reader);
        var begin = Ok(await secondChat.CallToolAsync("begin_session", NoArguments()));
        var shelf = Ok(await secondChat.CallToolAsync(ToolNames.UserGetShelf, Args(begin.GetProperty("session").GetString()!))).GetProperty("shelf");

        Assert.Contains("The Return of the Night Train", begin.GetProperty("state").GetProperty("openWith").GetString(), StringComparison.Ordinal);
        var item = Assert.Single(shelf.GetProperty("items").EnumerateArray());
        Assert.Equal("night-trains", item.GetProperty("articleId").GetString());
        Assert.Equal(60, item.GetProperty("progress").GetInt32());
        Assert.Equal("the sleeper car", item.GetProperty("position").GetString());
    }

    [Fact]
    public async Task UserSaveToShelf_TenConcurrentSaves_AllLand()
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);
        var ids = Ok(await client.CallToolAsync(ToolNames.DomainListArticles, Args(session))).GetProperty("articles")
            .EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Take(10).ToList();
        Assert.Equal(10, ids.Count);

        var results = await Task.WhenAll(ids.Select(id => client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", id), ("progress", 10))).AsTask()));

        Assert.All(results, r => Assert.NotEqual(true, r.IsError));
        var shelf = Ok(await client.CallToolAsync(ToolNames.UserGetShelf, Args(session))).GetProperty("shelf");
        Assert.Equal(ids.Order(StringComparer.Ordinal), shelf.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("articleId").GetString()!).Order(StringComparer.Ordinal));
    }

    /// <summary>One successful call of every tool, as a reader with one article on the shelf.</summary>
    private static async Task<Dictionary<string, CallToolResult>> CallEveryToolAsync(McpClient client)
    {
        var results = new Dictionary<string, CallToolResult>(StringComparer.Ordinal)
        {
            ["health"] = await client.CallToolAsync("health", NoArguments()),
            ["begin_session"] = await client.CallToolAsync("begin_session", NoArguments()),
        };
        var session = Ok(results["begin_session"]).GetProperty("session").GetString()!;
        results[ToolNames.DomainListArticles] = await client.CallToolAsync(ToolNames.DomainListArticles, Args(session));
        results[ToolNames.DomainGetArticle] = await client.CallToolAsync(ToolNames.DomainGetArticle, Args(session, ("id", SlowReading)));
        results[ToolNames.UserSaveToShelf] = await client.CallToolAsync(ToolNames.UserSaveToShelf, Args(session, ("article_id", SlowReading), ("progress", 40), ("position", "second paragraph")));
        results[ToolNames.UserGetShelf] = await client.CallToolAsync(ToolNames.UserGetShelf, Args(session));
        results[ToolNames.UserRemoveFromShelf] = await client.CallToolAsync(ToolNames.UserRemoveFromShelf, Args(session, ("article_id", SlowReading)));
        results[GatewayToolNames.ConfigGetRules] = await client.CallToolAsync(GatewayToolNames.ConfigGetRules, NoArguments());
        results[GatewayToolNames.ConfigGetPersona] = await client.CallToolAsync(GatewayToolNames.ConfigGetPersona, NoArguments());
        return results;
    }

    private async Task<McpClient> ConnectAsync(string reader) =>
        await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(reader));

    private static async Task<string> BeginAsync(McpClient client) =>
        Ok(await client.CallToolAsync("begin_session", NoArguments())).GetProperty("session").GetString()!;

    private static Dictionary<string, object?> NoArguments() => [];

    private static Dictionary<string, object?> Args(string session, params (string Name, object? Value)[] more)
    {
        var arguments = new Dictionary<string, object?> { ["session"] = session };
        foreach (var (name, value) in more)
        {
            arguments[name] = value;
        }

        return arguments;
    }

    private static JsonElement Ok(CallToolResult result)
    {
        Assert.True(result.IsError != true, "the tool refused: " + Text(result));
        return result.StructuredContent ?? throw new InvalidOperationException("No structuredContent; the tool said: " + Text(result));
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
