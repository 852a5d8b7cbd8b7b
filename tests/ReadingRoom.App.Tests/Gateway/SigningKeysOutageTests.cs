using System.Net;
using System.Text.Json;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// When the sign-in service's keys can't be fetched, the gateway fails closed without blaming the caller:
/// 503 and Retry-After, never a 401 that would push the host into a pointless new sign-in. Keys it already
/// holds keep working through an issuer outage.
/// </summary>
public sealed class SigningKeysOutageTests
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    [Fact]
    public async Task JwksUnreachable_NoKeysCached_ValidTokenGets503WithRetryAfter()
    {
        await using var auth = new DevAuthServer();
        await using var gateway = new GatewayServer(auth, new Dictionary<string, string?>
        {
            ["AUTH_JWKS_URL"] = $"http://127.0.0.1:{FreePort.Next()}/jwks.json",
        });
        var token = await auth.MintAsync(TestUsers.New(), gateway.McpUrl);
        using var http = new McpHttp(gateway.McpUrl);

        using var response = await http.PostAsync(ToolsList, token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(response.Headers.RetryAfter.Delta > TimeSpan.Zero || response.Headers.RetryAfter.Date is not null);
        Assert.False(response.Headers.Contains("WWW-Authenticate"), "an outage must not send the host into a new sign-in");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("2.0", body.GetProperty("jsonrpc").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("error").GetProperty("code").ValueKind);
    }

    [Fact]
    public async Task IssuerStops_AfterKeysWereCached_TokenMintedBeforeStillWorks()
    {
        var auth = new DevAuthServer();
        var authStopped = false;
        try
        {
            await using var gateway = new GatewayServer(auth);
            var token = await auth.MintAsync(TestUsers.New(), gateway.McpUrl);
            using var http = new McpHttp(gateway.McpUrl);
            Assert.False((await http.CallToolAsync(token, "health")).IsError);

            await auth.DisposeAsync();
            authStopped = true;

            var afterOutage = await http.CallToolAsync(token, "health");
            Assert.False(afterOutage.IsError);
            Assert.Equal("ok", afterOutage.Data.GetProperty("status").GetString());
        }
        finally
        {
            if (!authStopped)
            {
                await auth.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task IssuerStops_AfterKeysWereCached_ForgedTokenIsStill401Not503()
    {
        var auth = new DevAuthServer();
        var authStopped = false;
        try
        {
            await using var gateway = new GatewayServer(auth);
            var issuer = auth.Url;
            using var http = new McpHttp(gateway.McpUrl);
            Assert.False((await http.CallToolAsync(await auth.MintAsync(TestUsers.New(), gateway.McpUrl), "health")).IsError);

            await auth.DisposeAsync();
            authStopped = true;

            // Cached keys answer for the issuer: a bad token is the caller's fault, not an outage.
            var forged = TokenForge.SignRs256(TokenForge.Claims(issuer, gateway.McpUrl, TestUsers.New()), TokenForge.StrangerKey(null));
            using var response = await http.PostAsync(ToolsList, forged);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        finally
        {
            if (!authStopped)
            {
                await auth.DisposeAsync();
            }
        }
    }
}
