using Tutor.App.Tools;

namespace Tutor.App.Tests;

/// <summary>domain_search_sections through real HTTP.</summary>
public sealed class CourseSearchTests(SqliteConnector<Program> host) : IClassFixture<SqliteConnector<Program>>
{
    [Theory]
    [InlineData("Finding North by the Pole Star", "finding-north")]
    [InlineData("meteor showers", "meteor-showers")]
    public async Task ExactTitleOrPhrase_RanksItsSectionFirst(string query, string id)
    {
        var results = await SearchAsync(query);

        Assert.Equal(id, results[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("NEAR(moon")]
    [InlineData("\"*")]
    [InlineData("月亮")]
    public async Task OddQuery_GetsAnAnswer_NeverAnError(string query)
    {
        var results = await SearchAsync(query);

        Assert.True(results.Count >= 0);
    }

    private async Task<List<System.Text.Json.JsonElement>> SearchAsync(string query)
    {
        using var http = new McpHttp(host.Gateway.McpUrl);
        var token = await host.TokenFor(TestUsers.New());
        var session = (await http.CallToolAsync(token, ToolNames.BeginLesson)).Data.GetProperty("session").GetString();
        var result = await http.CallToolAsync(token, ToolNames.DomainSearchSections, new Dictionary<string, object?> { ["session"] = session, ["query"] = query });
        Assert.False(result.IsError, result.Text);
        return [.. result.Data.GetProperty("results").EnumerateArray()];
    }
}
