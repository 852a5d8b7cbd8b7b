using System.Net;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>The dev sign-in's /try demo, followed hop by hop over HTTP the way a browser would.</summary>
public sealed class TryPageTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private DevAuthServer Auth => fixture.Auth;

    [Fact]
    public async Task Try_Approve_ShowsTheTokensClaims_NotTheToken()
    {
        var reader = TestUsers.New();
        using var browser = OAuthFlow.NewBrowser();

        var page = await ConsentAsync(browser);
        using var decided = await DecideAsync(browser, page, "approve", reader);
        Assert.Equal(HttpStatusCode.SeeOther, decided.StatusCode);
        var callback = decided.Headers.Location!;
        Assert.StartsWith(Auth.Url + "/try/callback?", callback.OriginalString, StringComparison.Ordinal);
        using var result = await browser.GetAsync(callback);
        var html = await result.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains($"<dt>sub</dt><dd>{reader}</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<dt>aud</dt><dd>{fixture.Gateway.McpUrl}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>exp</dt>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", html, StringComparison.Ordinal);

        // The callback is good once: a reload or a stolen link finds no pending sign-in.
        using var again = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Try_Deny_ShowsAccessDenied()
    {
        using var browser = OAuthFlow.NewBrowser();

        var page = await ConsentAsync(browser);
        using var decided = await DecideAsync(browser, page, "deny", "reader-a");
        using var result = await browser.GetAsync(decided.Headers.Location!);

        Assert.Contains("access_denied", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Try_WithoutAResource_ExplainsWhatToSet()
    {
        using var browser = OAuthFlow.NewBrowser();

        using var response = await browser.GetAsync(Auth.Endpoint("/try"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("DEV_AUTH_TRY_RESOURCE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePage_ListsTry()
    {
        using var http = new HttpClient();

        Assert.Contains("GET  /try", await http.GetStringAsync(Auth.Endpoint("/")), StringComparison.Ordinal);
    }

    private async Task<string> ConsentAsync(HttpClient browser)
    {
        using var start = await browser.GetAsync(Auth.Endpoint("/try?resource=" + Uri.EscapeDataString(fixture.Gateway.McpUrl)));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(Auth.Url + "/authorize?", authorize.OriginalString, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("code_verifier", authorize.Query, StringComparison.Ordinal);

        using var consent = await browser.GetAsync(authorize);
        var page = await consent.Content.ReadAsStringAsync();
        Assert.True(consent.StatusCode == HttpStatusCode.OK, page);
        Assert.Contains("Try the dev sign-in wants to use this connector as you", page, StringComparison.Ordinal);
        return page;
    }

    private async Task<HttpResponseMessage> DecideAsync(HttpClient browser, string page, string decision, string subject)
    {
        var fields = OAuthFlow.HiddenFields(page);
        fields.Add(new("decision", decision));
        fields.Add(new("sub", subject));
        using var content = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(Auth.Endpoint("/authorize"), content);
    }
}
