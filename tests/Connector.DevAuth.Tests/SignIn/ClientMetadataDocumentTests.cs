using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// A client that never registers: its client_id is the URL of its own metadata document, served here by a tiny
/// in-test web app on a loopback port and fetched by the real dev sign-in service.
/// </summary>
public sealed class ClientMetadataDocumentTests : IAsyncLifetime
{
    private const string RedirectUri = "http://127.0.0.1:1/callback";

    private readonly SqliteConnector<Program> _fixture = new();
    private readonly string _documentsUrl = $"http://127.0.0.1:{FreePort.Next()}";
    private WebApplication? _documents;

    private DevAuthServer Auth => _fixture.Auth;

    private OAuthFlow Flow => new(Auth, RedirectUri);

    public async ValueTask InitializeAsync()
    {
        await _fixture.InitializeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_documentsUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _documents = builder.Build();
        _documents.MapGet("/good.json", (HttpContext c) => Json(Document(Here(c), [RedirectUri])));
        _documents.MapGet("/other-id.json", () => Json(Document(_documentsUrl + "/good.json", [RedirectUri])));
        _documents.MapGet("/oversized.json", (HttpContext c) => Json(Document(Here(c), [RedirectUri], padding: new string('x', 70 * 1024))));
        _documents.MapGet("/not-json", () => Results.Text("<html>hello</html>", "text/html"));
        _documents.MapGet("/redirects.json", () => Results.Redirect(_documentsUrl + "/good.json"));
        _documents.MapGet("/secret-client.json", (HttpContext c) =>
            Json(Document(Here(c), [RedirectUri], authMethod: "client_secret_basic")));
        await _documents.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_documents is not null)
        {
            await _documents.DisposeAsync();
        }

        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task FullFlow_WithADocumentUrlAsClientId_IssuesATokenTheGatewayAccepts()
    {
        var clientId = _documentsUrl + "/good.json";
        var reader = TestUsers.New();
        var verifier = OAuthFlow.NewVerifier();
        using var browser = OAuthFlow.NewBrowser();

        using var consent = await browser.GetAsync(Flow.AuthorizeUrl(clientId, OAuthFlow.Challenge(verifier), _fixture.Gateway.McpUrl, "st"));
        var page = await consent.Content.ReadAsStringAsync();
        Assert.True(consent.StatusCode == HttpStatusCode.OK, page);
        Assert.Contains("Metadata test client", page, StringComparison.Ordinal);

        using var decided = await Flow.DecideAsync(browser, OAuthFlow.ConsentFormIn(page), "approve", reader);
        Assert.Equal(HttpStatusCode.SeeOther, decided.StatusCode);
        var query = QueryHelpers.ParseQuery(decided.Headers.Location!.Query);
        Assert.StartsWith(RedirectUri + "?", decided.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.Equal("st", query["state"]);

        using var exchange = await Flow.ExchangeAsync(clientId, query["code"].ToString(), verifier);
        var body = await exchange.Content.ReadAsStringAsync();
        Assert.True(exchange.StatusCode == HttpStatusCode.OK, body);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
        LogWitness.Remember(token);
        var claims = OAuthFlow.Claims(token);
        Assert.Equal(reader, claims.GetProperty("sub").GetString());
        Assert.Equal(clientId, claims.GetProperty("client_id").GetString());

        using var mcp = new McpHttp(_fixture.Gateway.McpUrl);
        using var list = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Metadata_AdvertisesClientIdMetadataDocuments()
    {
        using var http = new HttpClient();

        var metadata = await http.GetFromJsonAsync<JsonElement>(Auth.Endpoint("/.well-known/oauth-authorization-server"));

        Assert.True(metadata.GetProperty("client_id_metadata_document_supported").GetBoolean());
    }

    [Theory]
    [InlineData("/other-id.json", RedirectUri, "is not exactly the URL it was fetched from")]
    [InlineData("/good.json", "http://127.0.0.1:1/not-listed", "is not one this client registered")]
    [InlineData("/oversized.json", RedirectUri, "larger than 64 KiB")]
    [InlineData("/not-json", RedirectUri, "not a JSON object")]
    [InlineData("/redirects.json", RedirectUri, "redirects are not followed")]
    [InlineData("/secret-client.json", RedirectUri, "token_endpoint_auth_method")]
    [InlineData("/missing.json", RedirectUri, "answered 404")]
    public async Task UnusableDocument_ShowsAnErrorPage_NeverRedirects(string path, string redirectUri, string reason)
    {
        using var browser = OAuthFlow.NewBrowser();

        using var response = await browser.GetAsync(Flow.AuthorizeUrl(_documentsUrl + path, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), _fixture.Gateway.McpUrl, "s", redirectUriOverride: redirectUri));

        Assert.Contains(reason, await AssertErrorPageAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unreachable", "could not be fetched")]
    [InlineData("http://example.com/client.json", "must be an https URL")]
    [InlineData("http://192.0.2.1/client.json", "must be an https URL")]
    public async Task UnreachableOrPlainHttpElsewhere_ShowsAnErrorPage_NeverRedirects(string clientId, string reason)
    {
        if (clientId == "unreachable")
        {
            clientId = $"http://127.0.0.1:{FreePort.Next()}/client.json";
        }

        using var browser = OAuthFlow.NewBrowser();

        using var response = await browser.GetAsync(Flow.AuthorizeUrl(clientId, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), _fixture.Gateway.McpUrl, "s"));

        Assert.Contains(reason, await AssertErrorPageAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnusableDocument_AtTheTokenEndpoint_IsInvalidClient()
    {
        using var response = await Flow.ExchangeAsync(_documentsUrl + "/other-id.json", "whatever", OAuthFlow.NewVerifier());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    private static async Task<string> AssertErrorPageAsync(HttpResponseMessage response)
    {
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {page}");
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return WebUtility.HtmlDecode(page);
    }

    private static string Here(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";

    private static IResult Json(string body) => Results.Text(body, "application/json");

    private static string Document(string clientId, string[] redirectUris, string? padding = null, string? authMethod = null)
    {
        var document = new Dictionary<string, object>
        {
            ["client_id"] = clientId,
            ["client_name"] = "Metadata test client",
            ["redirect_uris"] = redirectUris,
        };
        if (padding is not null)
        {
            document["padding"] = padding;
        }

        if (authMethod is not null)
        {
            document["token_endpoint_auth_method"] = authMethod;
        }

        return JsonSerializer.Serialize(document);
    }
}
