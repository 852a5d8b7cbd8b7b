using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Protocol;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Tools;

/// <summary>
/// When the memory can't be read, the connector must say so and stop: a tool error that tells the AI not to
/// improvise, never a 500 and never an empty shelf that the AI would take as "nothing saved".
/// Each test gets its own servers, because breaking the store is not something to share.
/// </summary>
public sealed class FailClosedTests : IAsyncLifetime
{
    private DevAuthServer _auth = null!;
    private GatewayServer _gateway = null!;

    public ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        _gateway = new GatewayServer(_auth);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _auth.DisposeAsync();
    }

    [Theory]
    [InlineData("begin_session")]
    [InlineData(ToolNames.UserGetShelf)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task StatefulTool_StoreBrokenWhileRunning_FailsClosed(string tool)
    {
        var reader = TestUsers.New();
        var token = await _auth.MintAsync(reader, _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);
        var session = await SaveOneAsync(http, token);

        BreakStore();
        var result = await CallAsync(http, token, tool, Arguments(tool, session));

        AssertFailedClosed(result);
    }

    [Fact]
    public async Task Health_StoreBrokenWhileRunning_ReportsDegradedAndUnreachable()
    {
        var token = await _auth.MintAsync(TestUsers.New(), _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);
        Assert.Equal("reachable", (await CallAsync(http, token, "health", [])).Data.GetProperty("store").GetString());

        BreakStore();
        var health = await CallAsync(http, token, "health", []);

        Assert.False(health.IsError);
        Assert.Equal("degraded", health.Data.GetProperty("status").GetString());
        Assert.Equal("unreachable", health.Data.GetProperty("store").GetString());
    }

    [Fact]
    public async Task Probes_StoreBrokenWhileRunning_NotReadyButAlive()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_gateway.Origin) };
        using (var before = await http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        BreakStore();
        using var ready = await http.GetAsync("/readyz");
        using var alive = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [InlineData(ToolNames.UserGetShelf)]
    [InlineData("begin_session")]
    public async Task StatefulTool_SavedShelfOfTheWrongShape_FailsClosed(string tool)
    {
        var reader = TestUsers.New();
        var token = await _auth.MintAsync(reader, _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);
        var session = await SaveOneAsync(http, token);

        await WriteStateAsync(reader, """{"shelf": "oops"}""");
        var result = await CallAsync(http, token, tool, Arguments(tool, session));

        AssertFailedClosed(result);
    }

    [Theory]
    [InlineData("""{"shelf": {}}""")]
    [InlineData("""{"shelf": [null]}""")]
    [InlineData("""{"shelf": [{}]}""")]
    [InlineData("""{"shelf": [{"articleId": 5}]}""")]
    [InlineData("""{"shelf": [{"articleId": "marginalia", "progress": "half"}]}""")]
    public async Task UserGetShelf_SavedShelfOfAnyOtherWrongShape_IsAnErrorNotAShelf(string state)
    {
        var reader = TestUsers.New();
        var token = await _auth.MintAsync(reader, _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);
        var session = await SaveOneAsync(http, token);

        await WriteStateAsync(reader, state);
        var result = await CallAsync(http, token, ToolNames.UserGetShelf, Arguments(ToolNames.UserGetShelf, session));

        // Some shapes take the generic internal-error refusal rather than the store one; both stop the AI.
        Assert.True(result.IsError, "expected a tool error, got: " + result.Text);
        Assert.Null(result.Structured);
        Assert.Contains("can't continue", result.Text, StringComparison.Ordinal);
        Assert.Contains("invent", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ToolNames.UserGetShelf)]
    [InlineData("begin_session")]
    public async Task StatefulTool_SavedShelfIsNull_FailsClosed(string tool)
    {
        var reader = TestUsers.New();
        var token = await _auth.MintAsync(reader, _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);
        var session = await SaveOneAsync(http, token);

        await WriteStateAsync(reader, """{"shelf": null}""");
        var result = await CallAsync(http, token, tool, Arguments(tool, session));

        AssertFailedClosed(result);
    }

    [Fact]
    public async Task UserSaveToShelf_SavedShelfOfTheWrongShape_FailsClosedAndLeavesItForRepair()
    {
        // Overwriting an unreadable shelf with a one-item one would silently lose the reader's history.
        var reader = TestUsers.New();
        var token = await _auth.MintAsync(reader, _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);
        var session = await SaveOneAsync(http, token);
        await WriteStateAsync(reader, """{"shelf": "oops"}""");

        var result = await CallAsync(http, token, ToolNames.UserSaveToShelf, Arguments(ToolNames.UserSaveToShelf, session));

        AssertFailedClosed(result);
        Assert.Equal("""{"shelf": "oops"}""", await StateDatabase.ScalarAsync(_gateway.DatabasePath, "SELECT state FROM user_state WHERE user_id = $id", ("$id", reader)));
    }

    /// <summary>Proves the store worked before it broke, and returns the reader's session.</summary>
    private static async Task<string> SaveOneAsync(McpHttp http, string token)
    {
        var session = (await CallAsync(http, token, "begin_session", [])).Data.GetProperty("session").GetString()!;
        var saved = await CallAsync(http, token, ToolNames.UserSaveToShelf, new Dictionary<string, object?> { ["session"] = session, ["article_id"] = "marginalia", ["progress"] = 50 });
        Assert.False(saved.IsError, saved.Text);
        return session;
    }

    private static Dictionary<string, object?> Arguments(string tool, string session) => tool switch
    {
        "begin_session" => [],
        ToolNames.UserSaveToShelf => new() { ["session"] = session, ["article_id"] = "night-trains", ["progress"] = 20 },
        _ => new() { ["session"] = session },
    };

    /// <summary>tools/call over raw HTTP, so the status code is checked rather than hidden by a client.</summary>
    private static async Task<ToolCall> CallAsync(McpHttp http, string token, string tool, Dictionary<string, object?> arguments)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["method"] = "tools/call",
            ["params"] = new Dictionary<string, object?> { ["name"] = tool, ["arguments"] = arguments },
        });
        using var response = await http.PostAsync(body, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{tool} answered HTTP {(int)response.StatusCode}: {text}");

        var message = McpHttp.ReadMessage(text, response.Content.Headers.ContentType?.MediaType);
        Assert.False(message.TryGetProperty("error", out var error), $"{tool} answered a JSON-RPC error: {error}");
        var result = message.GetProperty("result");
        var content = string.Concat(result.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        var isError = result.TryGetProperty("isError", out var flag) && flag.GetBoolean();
        return new ToolCall(isError, content, result.TryGetProperty("structuredContent", out var s) ? s.Clone() : null);
    }

    private static void AssertFailedClosed(ToolCall result)
    {
        Assert.True(result.IsError, "expected a tool error, got: " + result.Text);
        Assert.Null(result.Structured);
        Assert.Contains("can't continue", result.Text, StringComparison.Ordinal);
        Assert.Contains("do not invent", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("saved state", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("empty", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Data Source", result.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pooled connections would keep the deleted file alive; once they are gone, a directory at the
    /// database path makes every new open fail, as a lost disk or volume would.
    /// </summary>
    private void BreakStore()
    {
        SqliteConnection.ClearAllPools();
        var path = _gateway.DatabasePath;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(path);
    }

    private async Task WriteStateAsync(string reader, string state) =>
        Assert.Equal(1, await StateDatabase.ExecuteAsync(_gateway.DatabasePath, "UPDATE user_state SET state = $state WHERE user_id = $id", ("$state", state), ("$id", reader)));
}
