using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// The dev sign-in as an OAuth 2.1 authorization server, driven the way a browser and an MCP host drive it: real
/// HTTP to the real service, the consent page's own hidden fields, and the issued token used on the real gateway.
/// </summary>
public sealed class AuthorizationServerTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private const string RedirectUri = "http://127.0.0.1:1/callback";

    private DevAuthServer Auth => fixture.Auth;

    private OAuthFlow Flow => new(Auth, RedirectUri);

    [Theory]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task Metadata_DescribesTheEndpointsAndPolicies(string path)
    {
        using var http = new HttpClient();

        var metadata = await http.GetFromJsonAsync<JsonElement>(Auth.Endpoint(path));

        Assert.Equal(Auth.Url, metadata.GetProperty("issuer").GetString());
        Assert.Equal(Auth.Url + "/authorize", metadata.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(Auth.Url + "/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(Auth.Url + "/register", metadata.GetProperty("registration_endpoint").GetString());
        Assert.Equal(Auth.JwksUrl, metadata.GetProperty("jwks_uri").GetString());
        Assert.Equal(["code"], Strings(metadata, "response_types_supported"));
        Assert.Equal(["authorization_code", "refresh_token"], Strings(metadata, "grant_types_supported"));
        Assert.Equal(["S256"], Strings(metadata, "code_challenge_methods_supported"));
        Assert.Equal(["none"], Strings(metadata, "token_endpoint_auth_methods_supported"));
        Assert.Contains("reading", Strings(metadata, "scopes_supported"));
        Assert.Contains("offline_access", Strings(metadata, "scopes_supported"));
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.True(metadata.GetProperty("client_id_metadata_document_supported").GetBoolean());
    }

    [Fact]
    public async Task Register_ReturnsANewPublicClient()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsJsonAsync(Auth.Endpoint("/register"), new { redirect_uris = new[] { RedirectUri }, client_name = "Test host", token_endpoint_auth_method = "none" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var client = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(client.GetProperty("client_id").GetString()));
        Assert.Equal([RedirectUri], Strings(client, "redirect_uris"));
        Assert.Equal("none", client.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal("Test host", client.GetProperty("client_name").GetString());
    }

    [Theory]
    [InlineData("""{"client_name":"no uris"}""", "invalid_redirect_uri")]
    [InlineData("""{"redirect_uris":["http://example.com/callback"]}""", "invalid_redirect_uri")]
    [InlineData("""{"redirect_uris":["/relative"]}""", "invalid_redirect_uri")]
    [InlineData("""{"redirect_uris":["https://app.example/cb#frag"]}""", "invalid_redirect_uri")]
    [InlineData("""{"redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"client_secret_basic"}""", "invalid_client_metadata")]
    [InlineData("""{"redirect_uris":["https://app.example/cb"],"grant_types":["client_credentials"]}""", "invalid_client_metadata")]
    [InlineData("""{"redirect_uris":"https://app.example/cb"}""", "invalid_client_metadata")]
    public async Task Register_RefusesBadMetadata(string body, string expectedError)
    {
        using var http = new HttpClient();

        using var response = await http.PostAsync(Auth.Endpoint("/register"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expectedError, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task FullFlow_ApprovedToken_WorksOnTheGateway_AsTheReaderChosenOnThePage()
    {
        var reader = TestUsers.New();
        var email = reader + "@example.test";

        var tokens = await SignInAsync(reader, fixture.Gateway.McpUrl, email);

        var claims = OAuthFlow.Claims(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(reader, claims.GetProperty("sub").GetString());
        Assert.Equal(Auth.Url, claims.GetProperty("iss").GetString());
        Assert.Equal(fixture.Gateway.McpUrl, claims.GetProperty("aud").GetString());
        Assert.Equal("reading", claims.GetProperty("scope").GetString());
        Assert.StartsWith("dev-client-", claims.GetProperty("client_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));

        await OAuthFlow.AssertTokenOpensASessionAsync(fixture.Gateway.McpUrl, tokens.GetProperty("access_token").GetString()!);
        var storedEmail = await StateDatabase.ScalarAsync(fixture.Gateway.DatabasePath, "SELECT email FROM users WHERE id = $id", ("$id", reader));
        Assert.Equal(email, storedEmail);
    }

    [Fact]
    public async Task ConsentPage_IsARealSignInPage_WithBannerAndSuggestions()
    {
        var client = await RegisterAsync();
        using var browser = OAuthFlow.NewBrowser();

        using var response = await browser.GetAsync(Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "s1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("wants to use this connector as you</h1>", page, StringComparison.Ordinal);
        Assert.Contains("never use in production", page, StringComparison.Ordinal);
        Assert.Contains("value=\"user-b\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"approve\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"deny\"", page, StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Deny_RedirectsWithAccessDenied_StateAndIssuer()
    {
        var client = await RegisterAsync();
        using var browser = OAuthFlow.NewBrowser();
        var form = await OAuthFlow.OpenConsentAsync(browser, Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "deny-state"));

        using var response = await Flow.DecideAsync(browser, form, "deny", "reader-a");

        var query = RedirectQuery(response);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("deny-state", query["state"]);
        Assert.Equal(Auth.Url, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Approve_RedirectsWithCode_StateAndIssuer()
    {
        var client = await RegisterAsync();
        using var browser = OAuthFlow.NewBrowser();
        var form = await OAuthFlow.OpenConsentAsync(browser, Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "xyz"));

        using var response = await Flow.DecideAsync(browser, form, "approve", "reader-a");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith(RedirectUri + "?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var query = RedirectQuery(response);
        Assert.False(string.IsNullOrEmpty(query["code"]));
        Assert.Equal("xyz", query["state"]);
        Assert.Equal(Auth.Url, query["iss"]);
    }

    [Fact]
    public async Task WrongCodeVerifier_IsInvalidGrant()
    {
        var client = await RegisterAsync();
        var code = await ApprovedCodeAsync(client, OAuthFlow.NewVerifier(), fixture.Gateway.McpUrl);

        using var response = await Flow.ExchangeAsync(client, code, OAuthFlow.NewVerifier());

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task RedirectUriMismatch_AtTheTokenEndpoint_IsInvalidGrant()
    {
        var client = await RegisterAsync();
        var verifier = OAuthFlow.NewVerifier();
        var code = await ApprovedCodeAsync(client, verifier, fixture.Gateway.McpUrl);

        using var response = await Flow.ExchangeAsync(client, code, verifier, redirectUriOverride: "http://127.0.0.1:1/other");

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task ReusedCode_IsInvalidGrant_AndRevokesTheRefreshTokenItIssued()
    {
        var client = await RegisterAsync();
        var verifier = OAuthFlow.NewVerifier();
        var code = await ApprovedCodeAsync(client, verifier, fixture.Gateway.McpUrl);
        using var first = await Flow.ExchangeAsync(client, code, verifier);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var refreshToken = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;

        using var second = await Flow.ExchangeAsync(client, code, verifier);

        await AssertOAuthErrorAsync(second, HttpStatusCode.BadRequest, "invalid_grant");
        using var refresh = await RefreshAsync(client, refreshToken);
        await AssertOAuthErrorAsync(refresh, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task UnknownClient_AtTheTokenEndpoint_Is401InvalidClient()
    {
        var client = await RegisterAsync();
        var verifier = OAuthFlow.NewVerifier();
        var code = await ApprovedCodeAsync(client, verifier, fixture.Gateway.McpUrl);

        using var response = await Flow.ExchangeAsync("dev-client-nobody", code, verifier);

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task RedirectUriMismatch_AtAuthorize_ShowsAnErrorPage_NeverRedirects()
    {
        var client = await RegisterAsync();
        using var browser = OAuthFlow.NewBrowser();
        var url = Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "s").Replace(
            Uri.EscapeDataString(RedirectUri), Uri.EscapeDataString("http://127.0.0.1:1/callback/evil"), StringComparison.Ordinal);

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownClient_AtAuthorize_ShowsAnErrorPage_NeverRedirects()
    {
        using var browser = OAuthFlow.NewBrowser();

        using var response = await browser.GetAsync(Flow.AuthorizeUrl("dev-client-nobody", OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "s"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task MissingResource_RedirectsWithInvalidRequest()
    {
        var client = await RegisterAsync();
        using var browser = OAuthFlow.NewBrowser();

        using var response = await browser.GetAsync(Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), resource: null, "st"));

        var query = RedirectQuery(response);
        Assert.Equal("invalid_request", query["error"]);
        Assert.Equal("st", query["state"]);
        Assert.Equal(Auth.Url, query["iss"]);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData(null)]
    public async Task PkceOtherThanS256_RedirectsWithInvalidRequest(string? method)
    {
        var client = await RegisterAsync();
        using var browser = OAuthFlow.NewBrowser();
        var verifier = OAuthFlow.NewVerifier();

        using var response = await browser.GetAsync(Flow.AuthorizeUrl(client, method == "plain" ? verifier : OAuthFlow.Challenge(verifier), fixture.Gateway.McpUrl, "st", method));

        Assert.Equal("invalid_request", RedirectQuery(response)["error"]);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("forged")]
    [InlineData("no-cookie")]
    [InlineData("other-request")]
    public async Task ConsentWithoutAValidCsrfToken_IsRefused_AndIssuesNoCode(string attack)
    {
        var client = await RegisterAsync();
        using var browser = OAuthFlow.NewBrowser();
        var form = await OAuthFlow.OpenConsentAsync(browser, Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "s"));
        var other = await OAuthFlow.OpenConsentAsync(browser, Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "s2"));
        var bent = attack switch
        {
            "missing" => form with { CsrfToken = null },
            "forged" => form with { CsrfToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)) },
            "other-request" => form with { CsrfToken = other.CsrfToken },
            _ => form,
        };

        using var cookieless = OAuthFlow.NewBrowser();
        using var response = await Flow.DecideAsync(attack == "no-cookie" ? cookieless : browser, bent, "approve", "reader-a");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task TokenForAnotherResource_IsRejectedByTheGateway()
    {
        var tokens = await SignInAsync(TestUsers.New(), "https://elsewhere.example/mcp");
        using var mcp = new McpHttp(fixture.Gateway.McpUrl);

        using var response = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Refresh_Rotates_AndReuseOfARotatedTokenRevokesTheFamily()
    {
        var reader = TestUsers.New();
        var client = await RegisterAsync();
        var tokens = await SignInAsync(reader, fixture.Gateway.McpUrl, client: client);
        var first = tokens.GetProperty("refresh_token").GetString()!;

        using var rotated = await RefreshAsync(client, first);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal("no-store", rotated.Headers.CacheControl?.ToString());
        var next = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var second = next.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(reader, OAuthFlow.Claims(next.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
        using var mcp = new McpHttp(fixture.Gateway.McpUrl);
        using (var list = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", next.GetProperty("access_token").GetString()))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using var replay = await RefreshAsync(client, first);
        await AssertOAuthErrorAsync(replay, HttpStatusCode.BadRequest, "invalid_grant");

        // The replay means the first token leaked; the family is revoked, so the newest one is dead too.
        using var afterReplay = await RefreshAsync(client, second);
        await AssertOAuthErrorAsync(afterReplay, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Refresh_ByAnotherClient_OrForAWiderScope_IsRefused_AndTheTokenStillWorks()
    {
        var client = await RegisterAsync();
        var stranger = await RegisterAsync();
        var refreshToken = (await SignInAsync(TestUsers.New(), fixture.Gateway.McpUrl, client: client)).GetProperty("refresh_token").GetString()!;

        using var byStranger = await RefreshAsync(stranger, refreshToken);
        await AssertOAuthErrorAsync(byStranger, HttpStatusCode.BadRequest, "invalid_grant");
        using var wider = await RefreshAsync(client, refreshToken, scope: "reading offline_access");
        await AssertOAuthErrorAsync(wider, HttpStatusCode.BadRequest, "invalid_scope");

        using var rightful = await RefreshAsync(client, refreshToken);
        Assert.Equal(HttpStatusCode.OK, rightful.StatusCode);
    }

    [Fact]
    public async Task DevShortcut_StillMintsTokens()
    {
        var token = await Auth.MintAsync("reader-shortcut", fixture.Gateway.McpUrl);

        Assert.Equal("reader-shortcut", OAuthFlow.Claims(token).GetProperty("sub").GetString());
    }

    private async Task<JsonElement> SignInAsync(string subject, string resource, string? email = null, string? client = null)
    {
        client ??= await RegisterAsync();
        var verifier = OAuthFlow.NewVerifier();
        var code = await ApprovedCodeAsync(client, verifier, resource, subject, email);
        using var response = await Flow.ExchangeAsync(client, code, verifier);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<string> RegisterAsync() => Flow.RegisterAsync("Integration test host");

    private async Task<string> ApprovedCodeAsync(string client, string verifier, string resource, string subject = "reader-a", string? email = null)
    {
        using var browser = OAuthFlow.NewBrowser();
        var form = await OAuthFlow.OpenConsentAsync(browser, Flow.AuthorizeUrl(client, OAuthFlow.Challenge(verifier), resource, "state-1"));
        using var response = await Flow.DecideAsync(browser, form, "approve", subject, email);
        return RedirectQuery(response)["code"].ToString();
    }

    private async Task<HttpResponseMessage> RefreshAsync(string client, string refreshToken, string? scope = null)
    {
        using var http = new HttpClient();
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = client,
            ["refresh_token"] = refreshToken,
        };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await http.PostAsync(Auth.Endpoint("/token"), content);
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(error, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> RedirectQuery(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther, $"expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(RedirectUri, location, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(new Uri(location).Query);
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
