using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReadingRoom.App.Tests.Tools;

/// <summary>
/// A big shelf is paged, never cut off: hosts drop results over ~150,000 characters, so one page is bounded
/// and the result says how many pages there are.
/// </summary>
public sealed class ShelfPagingTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    [Fact]
    public async Task UserGetShelf_ThirtyEntriesWithLongNotes_ComesInBoundedPages()
    {
        var reader = TestUsers.New();
        var token = await fixture.TokenFor(reader);
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        var session = (await http.CallToolAsync(token, "begin_session")).Data.GetProperty("session").GetString();
        // The catalog has fewer articles than a page, so a long shelf is written straight into the store.
        await WriteShelfAsync(reader, 30);

        var first = await http.CallToolAsync(token, "user_get_shelf", new { session });
        var second = await http.CallToolAsync(token, "user_get_shelf", new { session, page = 2 });
        var beyond = await http.CallToolAsync(token, "user_get_shelf", new { session, page = 3 });
        var begin = await http.CallToolAsync(token, "begin_session");

        AssertPage(first, page: 1, items: 25);
        AssertPage(second, page: 2, items: 5);
        Assert.True(first.Text.Length < 150_000, $"a page is {first.Text.Length} characters");
        Assert.True(beyond.IsError);
        Assert.Contains("2 page(s)", beyond.Text, StringComparison.Ordinal);
        var state = begin.Data.GetProperty("state");
        Assert.Equal(30, state.GetProperty("total").GetInt32());
        Assert.Equal(25, state.GetProperty("items").GetArrayLength());
        var firstIds = first.Data.GetProperty("shelf").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("articleId").GetString());
        var secondIds = second.Data.GetProperty("shelf").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("articleId").GetString());
        Assert.Empty(firstIds.Intersect(secondIds));
    }

    private static void AssertPage(ToolCall call, int page, int items)
    {
        Assert.False(call.IsError, call.Text);
        var shelf = call.Data.GetProperty("shelf");
        Assert.Equal((30, page, 2, items), (shelf.GetProperty("total").GetInt32(), shelf.GetProperty("page").GetInt32(), shelf.GetProperty("pages").GetInt32(), shelf.GetProperty("items").GetArrayLength()));
    }

    private async Task WriteShelfAsync(string reader, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var shelf = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["articleId"] = $"archived-{i:D2}",
            ["progress"] = i % 100,
            ["position"] = new string('p', 200),
            ["note"] = new string('n', 1000),
            ["savedAt"] = now.AddMinutes(-i),
            ["updatedAt"] = now.AddMinutes(-i),
        }).ToArray());
        await StateDatabase.ExecuteAsync(fixture.Gateway.DatabasePath,
            """
            INSERT INTO user_state (user_id, state, version, updated_at) VALUES ($id, $state, 1, $at)
            ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, version = user_state.version + 1
            """,
            ("$id", reader),
            ("$state", new JsonObject { ["shelf"] = shelf }.ToJsonString()),
            ("$at", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
