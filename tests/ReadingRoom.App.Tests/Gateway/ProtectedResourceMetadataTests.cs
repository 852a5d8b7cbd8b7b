using System.Net;
using System.Text.Json;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// RFC 9728 discovery, as an MCP host fetches it after a 401: no token needed, and the values are this
/// server's configuration, never whatever Host header the request carried.
/// </summary>
public sealed class ProtectedResourceMetadataTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private const string BasePath = "/.well-known/oauth-protected-resource";

    [Fact]
    public async Task OriginDocument_WithoutToken_NamesTheOriginAndTheIssuer()
    {
        var document = await FetchAsync(BasePath);

        Assert.Equal(fixture.Gateway.Origin, document.GetProperty("resource").GetString());
        AssertIssuerAndHeaderOnly(document);
    }

    [Fact]
    public async Task McpDocument_WithoutToken_NamesTheMcpUrlAndTheIssuer()
    {
        var document = await FetchAsync(BasePath + "/mcp");

        Assert.Equal(fixture.Gateway.McpUrl, document.GetProperty("resource").GetString());
        AssertIssuerAndHeaderOnly(document);
    }

    [Fact]
    public async Task McpDocument_IsWhereThe401ChallengePoints()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var challenge = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        var header = Assert.Single(challenge.Headers.NonValidated["WWW-Authenticate"]);
        var metadataUrl = header.Split('"')[1];

        var document = await FetchAsync(new Uri(metadataUrl).PathAndQuery);

        Assert.Equal(fixture.Gateway.Origin + BasePath + "/mcp", metadataUrl);
        Assert.Equal(fixture.Gateway.McpUrl, document.GetProperty("resource").GetString());
    }

    [Theory]
    [InlineData(BasePath)]
    [InlineData(BasePath + "/mcp")]
    public async Task Document_RequestedWithForgedHost_KeepsTheConfiguredResource(string path)
    {
        var expected = path == BasePath ? fixture.Gateway.Origin : fixture.Gateway.McpUrl;

        var document = await FetchAsync(path, host: "evil.example");

        Assert.Equal(expected, document.GetProperty("resource").GetString());
        Assert.Equal([fixture.Auth.Url], Strings(document.GetProperty("authorization_servers")));
    }

    private void AssertIssuerAndHeaderOnly(JsonElement document)
    {
        Assert.Equal([fixture.Auth.Url], Strings(document.GetProperty("authorization_servers")));
        Assert.Equal(["header"], Strings(document.GetProperty("bearer_methods_supported")));
    }

    private async Task<JsonElement> FetchAsync(string path, string? host = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateway.Origin + path));
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "<null>").ToArray();
}
