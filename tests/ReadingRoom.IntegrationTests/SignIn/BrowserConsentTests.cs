using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Buffers.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using ReadingRoom.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ReadingRoom.IntegrationTests.SignIn;

/// <summary>
/// The consent page in a real headless Chromium: what a person sees and clicks, not just what the HTML says.
/// The client's redirect URI is a loopback port nobody serves; the test reads the redirect off the browser's request.
/// </summary>
public sealed class BrowserConsentTests(ReadingRoomFixture fixture, ITestOutputHelper output) : IClassFixture<ReadingRoomFixture>
{
    private const string Heading = "Reading Room wants to read your saved items and remember your place";

    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic",
    ];

    // Not Chromium's restricted ports (such as 1), which it would refuse to even request.
    private readonly string _redirectUri = $"http://127.0.0.1:{FreePort.Next()}/callback";

    private DevAuthServer Auth => fixture.Auth;

    [ChromiumFact]
    public async Task Approve_InARealBrowser_YieldsACode_WhoseTokenWorksOnTheGateway()
    {
        var reader = ReadingRoomFixture.NewReader();
        var client = await RegisterAsync();
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;

        await page.GotoAsync(AuthorizeUrl(client, verifier, "approve-state"));

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("never use in production");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Heading);
        var screenshot = Path.Combine(Directory.CreateTempSubdirectory("reading-room-browser-").FullName, "consent-page.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Consent page screenshot: {screenshot}");

        await page.GetByLabel("Sign in as").FillAsync(reader);
        var redirect = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync(),
            request => request.Url.StartsWith(_redirectUri + "?", StringComparison.Ordinal));

        var query = QueryHelpers.ParseQuery(new Uri(redirect.Url).Query);
        var code = query["code"].ToString();
        LogWitness.Remember(code);
        Assert.False(string.IsNullOrEmpty(code));
        Assert.Equal("approve-state", query["state"]);
        Assert.Equal(Auth.Url, query["iss"]);

        var token = await ExchangeAsync(client, code, verifier);
        using var mcp = new McpHttp(fixture.Gateway.McpUrl);
        using (var list = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        var begin = await mcp.CallToolAsync(token, "begin_session");
        Assert.False(begin.IsError, begin.Text);
        var storedReader = await StateDatabase.ScalarAsync(fixture.Gateway.DatabasePath, "SELECT id FROM users WHERE id = $id", ("$id", reader));
        Assert.Equal(reader, storedReader);
    }

    [ChromiumFact]
    public async Task Deny_InARealBrowser_RedirectsWithAccessDenied_AndTheState()
    {
        var client = await RegisterAsync();
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        await page.GotoAsync(AuthorizeUrl(client, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), "deny-state"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Heading);

        var redirect = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync(),
            request => request.Url.StartsWith(_redirectUri + "?", StringComparison.Ordinal));

        var query = QueryHelpers.ParseQuery(new Uri(redirect.Url).Query);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("deny-state", query["state"]);
        Assert.Equal(Auth.Url, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }

    private async Task<string> RegisterAsync()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(Auth.Endpoint("/register"), new { redirect_uris = new[] { _redirectUri }, client_name = "Browser test host" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client_id").GetString()!;
    }

    private string AuthorizeUrl(string client, string verifier, string state) =>
        QueryHelpers.AddQueryString(Auth.Url + "/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client,
            ["redirect_uri"] = _redirectUri,
            ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["resource"] = fixture.Gateway.McpUrl,
        });

    private async Task<string> ExchangeAsync(string client, string code, string verifier)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = client,
            ["code"] = code,
            ["redirect_uri"] = _redirectUri,
            ["code_verifier"] = verifier,
        });
        using var response = await http.PostAsync(Auth.Endpoint("/token"), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var tokens = JsonDocument.Parse(body).RootElement;
        var token = tokens.GetProperty("access_token").GetString()!;
        LogWitness.Remember(token);
        LogWitness.Remember(tokens.GetProperty("refresh_token").GetString());
        return token;
    }

    /// <summary>Playwright, a headless Chromium and one page, closed in the right order.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
        {
            _playwright = playwright;
            _browser = browser;
            Page = page;
        }

        public IPage Page { get; }

        public static async Task<BrowserSession> StartAsync()
        {
            var playwright = await Playwright.CreateAsync();
            try
            {
                var browser = await playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = ChromiumFactAttribute.ExecutablePath,
                    Headless = true,
                    Args = s_chromiumArgs,
                });
                var page = await browser.NewPageAsync();
                return new BrowserSession(playwright, browser, page);
            }
            catch
            {
                playwright.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }
    }
}
