using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// With AUTH_SCOPES set, discovery names the scopes and a token without them is refused with 403
/// insufficient_scope (not 401: the sign-in worked, it just granted too little). The setting also lists
/// offline_access, which asks for a refresh token rather than naming a scope of this server: MCP 2026-07-28 says
/// a server should not list it, so it is neither advertised, challenged for nor required.
/// </summary>
public sealed class RequiredScopesTests : IAsyncLifetime
{
    private DevAuthServer? _auth;
    private GatewayServer? _gateway;

    private DevAuthServer Auth => _auth!;

    private GatewayServer Gateway => _gateway!;

    public ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        _gateway = new GatewayServer(_auth, new Dictionary<string, string?> { ["AUTH_SCOPES"] = "reading offline_access" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Auth.DisposeAsync();
    }

    [Fact]
    public async Task Discovery_NamesTheRequiredScope_InMetadataAndChallenge()
    {
        using var http = new HttpClient();
        var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri(Gateway.Origin + "/.well-known/oauth-protected-resource/mcp"))).RootElement;
        using var mcp = new McpHttp(Gateway.McpUrl);
        using var unauthenticated = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", null);

        Assert.Equal(["reading"], metadata.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Contains("scope=\"reading\"", unauthenticated.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("offline_access", unauthenticated.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithTheScope_IsServed()
    {
        using var mcp = new McpHttp(Gateway.McpUrl);

        using var response = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", await MintAsync("reading other"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("other")]
    [InlineData("readings")]
    public async Task TokenWithoutTheScope_Is403InsufficientScope(string? scope)
    {
        using var mcp = new McpHttp(Gateway.McpUrl);

        using var response = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", await MintAsync(scope));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"reading\"", challenge, StringComparison.Ordinal);
        Assert.DoesNotContain("offline_access", challenge, StringComparison.Ordinal);
        Assert.NotEqual(0, JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync()));
    }

    private async Task<string> MintAsync(string? scope)
    {
        using var http = new HttpClient();
        var query = $"/token?sub={TestUsers.New()}&aud={Uri.EscapeDataString(Gateway.McpUrl)}"
            + (scope is null ? "" : "&scope=" + Uri.EscapeDataString(scope));
        var body = await http.GetFromJsonAsync<JsonElement>(new Uri(Auth.Url + query));
        var token = body.GetProperty("access_token").GetString()!;
        LogWitness.Remember(token);
        return token;
    }
}
