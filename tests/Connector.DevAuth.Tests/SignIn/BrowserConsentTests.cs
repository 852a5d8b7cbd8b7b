using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// The consent page in a real headless Chromium: what a person sees and clicks, not just what the HTML says.
/// The client's redirect URI is a loopback port nobody serves; the test reads the redirect off the browser's request.
/// </summary>
public sealed class BrowserConsentTests(SqliteConnector<Program> fixture, ITestOutputHelper output) : IClassFixture<SqliteConnector<Program>>
{
    // The requesting client names itself in the heading: here the test host both tests register as.
    private const string Heading = "Browser test host wants to use this connector as you";

    // Not Chromium's restricted ports (such as 1), which it would refuse to even request.
    private readonly string _redirectUri = $"http://127.0.0.1:{FreePort.Next()}/callback";

    private DevAuthServer Auth => fixture.Auth;

    private OAuthFlow Flow => new(Auth, _redirectUri);

    [ChromiumFact]
    public async Task Approve_InARealBrowser_YieldsACode_WhoseTokenWorksOnTheGateway()
    {
        var reader = TestUsers.New();
        var client = await Flow.RegisterAsync("Browser test host");
        var verifier = OAuthFlow.NewVerifier();
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;

        await page.GotoAsync(Flow.AuthorizeUrl(client, OAuthFlow.Challenge(verifier), fixture.Gateway.McpUrl, "approve-state"));

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
        await OAuthFlow.AssertTokenOpensASessionAsync(fixture.Gateway.McpUrl, token);
        var storedReader = await StateDatabase.ScalarAsync(fixture.Gateway.DatabasePath, "SELECT id FROM users WHERE id = $id", ("$id", reader));
        Assert.Equal(reader, storedReader);
    }

    [ChromiumFact]
    public async Task Deny_InARealBrowser_RedirectsWithAccessDenied_AndTheState()
    {
        var client = await Flow.RegisterAsync("Browser test host");
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        await page.GotoAsync(Flow.AuthorizeUrl(client, OAuthFlow.Challenge(OAuthFlow.NewVerifier()), fixture.Gateway.McpUrl, "deny-state"));
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

    private async Task<string> ExchangeAsync(string client, string code, string verifier)
    {
        using var response = await Flow.ExchangeAsync(client, code, verifier);
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
                    Args = ChromiumFactAttribute.Args,
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
