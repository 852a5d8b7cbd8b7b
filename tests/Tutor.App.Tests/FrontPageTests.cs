using System.Net;

namespace Tutor.App.Tests;

/// <summary>The skeleton's page for people, in the Tutor's words: every app gets it without code of its own.</summary>
public sealed class FrontPageTests(SqliteConnector<Program> host) : IClassFixture<SqliteConnector<Program>>
{
    [Fact]
    public async Task Browser_GetsThePage_InTheTutorsName_WithItsUrl()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Gateway.Origin + "/"));
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        using var response = await http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>The Night-Sky Tutor</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>The Night-Sky Tutor</h1>", html, StringComparison.Ordinal);
        Assert.Contains("A short beginners&#x27; course on the night sky", html, StringComparison.Ordinal);
        Assert.Contains($">{host.Gateway.McpUrl}<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Reading Room", html, StringComparison.Ordinal);
    }
}
