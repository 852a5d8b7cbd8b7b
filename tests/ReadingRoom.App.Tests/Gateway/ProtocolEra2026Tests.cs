using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// MCP 2026-07-28 on the same URL as the 2025 era, as raw HTTP: <c>server/discover</c> instead of a handshake,
/// the version and the client's capabilities on every request, headers that must agree with the body, and the
/// era's own errors. Sign-in, the Origin guard and the body cap come first, exactly as in the 2025 era.
/// </summary>
public sealed class ProtocolEra2026Tests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    [Fact]
    public async Task Discover_WithoutAToken_Is401PointingAtTheResourceMetadata()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        var (response, _) = await http.Send2026Async("server/discover", null, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains($"resource_metadata=\"{fixture.Gateway.Origin}/.well-known/oauth-protected-resource/mcp\"",
            response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_NamesTheEra_ToolsOnly_TheServer_AndTheFrontDoor()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        var (response, message) = await http.Send2026Async("server/discover", null, await Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        var result = message.GetProperty("result");
        Assert.Contains(McpHttp.CurrentProtocolVersion, result.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["tools"], result.GetProperty("capabilities").EnumerateObject().Select(p => p.Name));
        Assert.Equal("The Reading Room", result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());
        Assert.Contains("Call begin_session first", result.GetProperty("instructions").GetString(), StringComparison.Ordinal);
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
    }

    [Fact]
    public async Task ToolsList_CarriesCacheHints_InAStableOrder()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        var token = await Token();

        var (first, firstMessage) = await http.Send2026Async("tools/list", null, token);
        var (_, secondMessage) = await http.Send2026Async("tools/list", null, token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = firstMessage.GetProperty("result");
        Assert.Equal(JsonValueKind.Number, result.GetProperty("ttlMs").ValueKind);
        Assert.False(string.IsNullOrEmpty(result.GetProperty("cacheScope").GetString()));
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
        var names = Names(result);
        Assert.Contains("begin_session", names);
        Assert.Contains("domain_get_article", names);
        Assert.Equal(names, Names(secondMessage.GetProperty("result")));
    }

    [Fact]
    public async Task AReadersVisit_FrontDoorThenGatedTools_IsServedInThisEra()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        var token = await Token();

        var (_, begin) = await http.Send2026Async("tools/call", Call("begin_session", []), token);
        var session = begin.GetProperty("result").GetProperty("structuredContent").GetProperty("session").GetString()!;
        LogWitness.Remember(session);
        var (_, save) = await http.Send2026Async("tools/call", Call("user_save_to_shelf", new() { ["session"] = session, ["article_id"] = "night-trains", ["progress"] = 40 }), token);
        var (response, shelf) = await http.Send2026Async("tools/call", Call("user_get_shelf", new() { ["session"] = session }), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(save.GetProperty("result").TryGetProperty("isError", out var saveError) && saveError.GetBoolean(), save.ToString());
        var result = shelf.GetProperty("result");
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
        Assert.Contains("night-trains", result.GetProperty("structuredContent").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatedTool_WithoutASession_IsRefusedTowardTheFrontDoor()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        var (_, message) = await http.Send2026Async("tools/call", Call("user_get_shelf", []), await Token());

        var result = message.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Contains("begin_session", result.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mcp-Method", "tools/list")]
    [InlineData("Mcp-Name", "domain_get_article")]
    public async Task HeaderDisagreeingWithTheBody_Is400HeaderMismatch(string header, string value)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request2026("tools/call", Call("health", []), await Token(), id: 5);
        request.Headers.Remove(header);
        request.Headers.Add(header, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, JsonRpcAssert.RequestError(response, await response.Content.ReadAsStringAsync(), expectedId: 5).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task RequestWithoutItsPerRequestMeta_Is400()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request2026("tools/list", null, await Token(), id: 4);
        request.Content = new StringContent("""{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{}}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonRpcAssert.RequestError(response, await response.Content.ReadAsStringAsync(), expectedId: 4);
        Assert.Contains("io.modelcontextprotocol/protocolVersion", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedVersion_Is400NamingWhatIsSupportedAndWhatWasAsked()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request2026("tools/list", null, await Token(), id: 9);
        request.Headers.Remove("MCP-Protocol-Version");
        request.Headers.Add("MCP-Protocol-Version", "2099-01-01");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonRpcAssert.RequestError(response, await response.Content.ReadAsStringAsync(), expectedId: 9);
        Assert.Equal(-32022, error.GetProperty("code").GetInt32());
        Assert.Equal("2099-01-01", error.GetProperty("data").GetProperty("requested").GetString());
        Assert.Contains(McpHttp.CurrentProtocolVersion, error.GetProperty("data").GetProperty("supported").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("ping")]
    [InlineData("logging/setLevel")]
    public async Task MethodsThisEraRemoved_Are404MethodNotFound(string method)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        var parameters = method == "logging/setLevel" ? new JsonObject { ["level"] = "info" } : null;

        var (response, message) = await http.Send2026Async(method, parameters, await Token(), id: 3);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(3, message.GetProperty("id").GetInt32());
        Assert.Equal(-32601, message.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ForeignOrigin_Is403BeforeSignIn()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request2026("server/discover", null, token: null);
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("WWW-Authenticate"), "a rebinding page must not even learn that a token is wanted");
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request2026("tools/call", Call("health", new() { ["padding"] = new string('x', 1_100_000) }), await Token());

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
    }

    private Task<string> Token() => fixture.TokenFor(TestUsers.New());

    private static JsonObject Call(string tool, JsonObject arguments) => new() { ["name"] = tool, ["arguments"] = arguments };

    private static List<string> Names(JsonElement toolsResult) =>
        toolsResult.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
}
