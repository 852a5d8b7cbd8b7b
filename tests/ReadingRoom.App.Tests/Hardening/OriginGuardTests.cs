using System.Net;

namespace ReadingRoom.App.Tests.Hardening;

/// <summary>
/// DNS-rebinding protection on POST /mcp: a browser page on a foreign origin, or a request addressed to a host
/// name this server doesn't answer to, is refused with 403 before sign-in is even looked at. Server-to-server
/// hosts send no Origin and address the server by its own name, so they pass.
/// </summary>
public sealed class OriginGuardTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";
    private const string EvilOrigin = "http://evil.example";
    private const string EvilHost = "evil.example";

    [Fact]
    public async Task Post_ForeignOriginWithValidToken_Is403JsonRpcErrorWithNullId()
    {
        using var response = await PostAsync(fixture.Gateway, await Token(), origin: EvilOrigin);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_ForeignOriginWithoutToken_Is403Not401()
    {
        // A rebinding page must learn nothing, not even that a token would be wanted: the guard runs before sign-in.
        using var response = await PostAsync(fixture.Gateway, token: null, origin: EvilOrigin);

        await AssertRefusedAsync(response);
        Assert.False(response.Headers.Contains("WWW-Authenticate"), "a 403 from the guard must not carry a sign-in challenge");
    }

    [Fact]
    public async Task Post_NoOriginHeader_Is200()
    {
        using var response = await PostAsync(fixture.Gateway, await Token());

        await AssertToolsListedAsync(response);
    }

    [Fact]
    public async Task Post_OriginEqualToTheGatewayOrigin_Is200()
    {
        using var response = await PostAsync(fixture.Gateway, await Token(), origin: fixture.Gateway.Origin);

        await AssertToolsListedAsync(response);
    }

    [Fact]
    public async Task Post_OriginListedInAllowedOrigins_Is200AndAnotherOriginIsStill403()
    {
        await using var gateway = new GatewayServer(fixture.Auth, new Dictionary<string, string?> { ["ALLOWED_ORIGINS"] = "https://app.example" });
        var token = await fixture.Auth.MintAsync(TestUsers.New(), gateway.McpUrl);

        using (var allowed = await PostAsync(gateway, token, origin: "https://app.example"))
        {
            await AssertToolsListedAsync(allowed);
        }

        using var refused = await PostAsync(gateway, token, origin: "https://other.example");
        await AssertRefusedAsync(refused);
    }

    [Fact]
    public async Task Post_ForeignHostHeader_Is403JsonRpcErrorWithNullId()
    {
        using var response = await PostAsync(fixture.Gateway, await Token(), host: EvilHost);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_ForeignHostHeaderWithoutToken_Is403Not401()
    {
        using var response = await PostAsync(fixture.Gateway, token: null, host: EvilHost);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_LocalhostHostHeader_Is200()
    {
        // The gateway's configured origin is 127.0.0.1; "localhost" is accepted only because loopback names always are.
        var port = new Uri(fixture.Gateway.Origin).Port;

        using var response = await PostAsync(fixture.Gateway, await Token(), host: $"localhost:{port}");

        await AssertToolsListedAsync(response);
    }

    [Fact]
    public async Task Post_ForeignHostWithAllowedHostsWildcard_Is200()
    {
        await using var gateway = new GatewayServer(fixture.Auth, new Dictionary<string, string?> { ["ALLOWED_HOSTS"] = "*" });
        var token = await fixture.Auth.MintAsync(TestUsers.New(), gateway.McpUrl);

        using var response = await PostAsync(gateway, token, host: EvilHost);

        await AssertToolsListedAsync(response);
    }

    [Fact]
    public async Task Post_HostListedInAllowedHosts_Is200AndAnotherHostIsStill403()
    {
        await using var gateway = new GatewayServer(fixture.Auth, new Dictionary<string, string?> { ["ALLOWED_HOSTS"] = "reading-room.example" });
        var token = await fixture.Auth.MintAsync(TestUsers.New(), gateway.McpUrl);

        using (var allowed = await PostAsync(gateway, token, host: "reading-room.example"))
        {
            await AssertToolsListedAsync(allowed);
        }

        using var refused = await PostAsync(gateway, token, host: EvilHost);
        await AssertRefusedAsync(refused);
    }

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource")]
    [InlineData("/.well-known/oauth-protected-resource/mcp")]
    [InlineData("/healthz")]
    public async Task NonMcpEndpoint_ForeignHostAndOrigin_IsNotGuarded(string path)
    {
        // Discovery and probes are public by design; the guard protects only the one URL that acts for a reader.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateway.Origin + path));
        request.Headers.Host = EvilHost;
        request.Headers.Add("Origin", EvilOrigin);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<string> Token() => fixture.TokenFor(TestUsers.New());

    private static async Task<HttpResponseMessage> PostAsync(GatewayServer gateway, string? token, string? origin = null, string? host = null)
    {
        using var http = new McpHttp(gateway.McpUrl);
        using var request = http.Request(ToolsList, token);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        var response = await http.SendAsync(request);
        // Buffered so the response outlives the client that fetched it.
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The guard's refusal: 403 with a JSON-RPC error body and a null id.</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertToolsListedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        var message = McpHttp.ReadMessage(text, response.Content.Headers.ContentType?.MediaType);
        Assert.True(message.GetProperty("result").GetProperty("tools").GetArrayLength() > 0);
    }
}
