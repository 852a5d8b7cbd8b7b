using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ReadingRoom.App.Tests.FrontPage;

/// <summary>
/// The page for people, over real HTTP: a browser's GET of <c>/</c> or <c>/mcp</c> gets it, with the configured
/// connector URL and a strict policy; every other request gets exactly what it got before the page existed.
/// </summary>
public sealed class FrontPageTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    /// <summary>What Chromium sends when a person opens a URL.</summary>
    internal const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    [Theory]
    [InlineData("/")]
    [InlineData("/mcp")]
    public async Task Browser_GetsThePage_WithTheAppsNameAboutAndTheConfiguredUrl(string path)
    {
        using var response = await GetAsync(fixture.Gateway.Origin + path, BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>The Reading Room</h1>", html, StringComparison.Ordinal);
        Assert.Contains("A reading list that remembers you", html, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"connector-url\">{fixture.Gateway.McpUrl}</code>", html, StringComparison.Ordinal);
        Assert.Contains("Customize → Connectors", html, StringComparison.Ordinal);
        Assert.Contains("Add custom connector", html, StringComparison.Ordinal);
        Assert.Contains("Authorize", html, StringComparison.Ordinal);
        Assert.Contains("Healthy: the service is up and its memory is reachable.", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{fixture.Gateway.Origin}/.well-known/oauth-protected-resource/mcp\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{fixture.Gateway.Origin}/skill.zip\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_HasAStrictPolicy_AllowingOnlyItsOwnInlineBlocks_ByHash()
    {
        using var response = await GetAsync(fixture.Gateway.Origin + "/", BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains($"script-src '{Sha256(Assert.Single(Blocks("script", html)))}';", policy, StringComparison.Ordinal);
        Assert.Contains($"style-src '{Sha256(Assert.Single(Blocks("style", html)))}';", policy, StringComparison.Ordinal);
        // Handlers and style attributes would be inline code the hashes don't cover: the policy would block them.
        Assert.DoesNotMatch(@"<[^>]*\s(on[a-z]+|style)\s*=", html);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Page_RequestedWithForgedHost_ShowsTheConfiguredUrl()
    {
        using var response = await GetAsync(fixture.Gateway.Origin + "/", BrowserAccept, host: "evil.example");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($">{fixture.Gateway.McpUrl}<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AppsWords_AreHtmlEncoded()
    {
        await using var gateway = new GatewayServer(fixture.Auth, services: HostileWordsApp.Replace);

        using var response = await GetAsync(gateway.Origin + "/", BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Blocks("script", html));
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("<h1>&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; &quot;Co&quot;", html, StringComparison.Ordinal);
        Assert.Contains("About &lt;img src=x onerror=alert(1)&gt; &amp; &#x27;more&#x27;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_StoreUnreachable_SaysSo()
    {
        await using var broken = await fixture.StartBreakableAsync();
        await broken.BreakStoreAsync();

        using var response = await GetAsync(broken.Gateway.Origin + "/", BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Not healthy", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Healthy: the service is up and its memory is reachable.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json, text/event-stream")]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("text/html, application/json")]
    [InlineData("text/plain, text/html;q=0.5")]
    [InlineData(null)]
    public async Task McpGet_WithoutPreferringHtml_IsStill405AllowingPost(string? accept)
    {
        using var response = await GetAsync(fixture.Gateway.McpUrl, accept);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json, text/event-stream")]
    [InlineData("*/*")]
    [InlineData(null)]
    public async Task RootGet_WithoutPreferringHtml_IsStillTheFallbackChallenge(string? accept)
    {
        using var response = await GetAsync(fixture.Gateway.Origin + "/", accept);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("resource_metadata=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("HEAD")]
    public async Task Root_OtherMethods_EvenFromABrowser_AreStillTheFallbackChallenge(string method)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.Gateway.Origin + "/"));
        request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static async Task<HttpResponseMessage> GetAsync(string url, string? accept, string? host = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await http.SendAsync(request);
    }

    private static IEnumerable<string> Blocks(string element, string html) =>
        Regex.Matches(html, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline).Select(m => m.Groups[1].Value);

    private static string Sha256(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
