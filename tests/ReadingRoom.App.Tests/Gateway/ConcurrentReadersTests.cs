using System.Net;
using System.Text.Json;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// Tool calls from every reader are answered by one long-lived MCP server in the gateway. Many readers at
/// once, all numbering their requests the same way (id 1, as most clients start), must each get their own
/// answer: their shelf, under their id, in their HTTP response.
/// </summary>
public sealed class ConcurrentReadersTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private const int Readers = 8;
    private const int CallsPerReader = 25;

    [Fact]
    public async Task ManyReadersAtOnce_SameRequestIds_EachGetsOnlyTheirOwnShelf()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        var readers = await Task.WhenAll(Enumerable.Range(0, Readers).Select(async i =>
        {
            var token = await fixture.TokenFor(TestUsers.New());
            var session = (await http.CallToolAsync(token, "begin_session")).Structured!.Value.GetProperty("session").GetString()!;
            var progress = 10 + i;
            var saved = await http.CallToolAsync(token, ToolNames.UserSaveToShelf,
                new Dictionary<string, object?> { ["session"] = session, ["article_id"] = "night-trains", ["progress"] = progress });
            Assert.False(saved.IsError, saved.Text);
            return (Token: token, Session: session, Progress: progress);
        }));

        var calls = readers.SelectMany(r => Enumerable.Repeat(r, CallsPerReader)).Select(async reader =>
        {
            var body = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["jsonrpc"] = "2.0",
                ["id"] = 1,
                ["method"] = "tools/call",
                ["params"] = new Dictionary<string, object?> { ["name"] = ToolNames.UserGetShelf, ["arguments"] = new Dictionary<string, object?> { ["session"] = reader.Session } },
            });
            using var response = await http.PostAsync(body, reader.Token);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
            var message = McpHttp.ReadMessage(text, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(1, message.GetProperty("id").GetInt32());
            var items = message.GetProperty("result").GetProperty("structuredContent").GetProperty("shelf").GetProperty("items");
            var progress = Assert.Single(items.EnumerateArray()).GetProperty("progress").GetInt32();
            Assert.Equal(reader.Progress, progress);
        });

        await Task.WhenAll(calls);
    }
}
