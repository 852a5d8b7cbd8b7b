using System.Net;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ReadingRoom.IntegrationTests.Infrastructure;

namespace ReadingRoom.IntegrationTests.Gateway;

/// <summary>The course's five starter checks, through real HTTP, a real sign-in service and a real MCP client.</summary>
public sealed class StarterChecksTests(ReadingRoomFixture fixture) : IClassFixture<ReadingRoomFixture>
{
    [Fact]
    public async Task App_Starts_AndHealthReportsStoreReachable()
    {
        var token = await fixture.TokenFor(ReadingRoomFixture.NewReader());
        await using var client = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, token);

        var result = await client.CallToolAsync("health", new Dictionary<string, object?>());

        Assert.NotEqual(true, result.IsError);
        var health = (JsonElement)result.StructuredContent!;
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("reachable", health.GetProperty("store").GetString());
    }

    [Fact]
    public async Task ValidToken_ResolvesItsSubject_IntoTheReadersOwnShelf()
    {
        var reader = ReadingRoomFixture.NewReader();
        var token = await fixture.TokenFor(reader);
        await using var client = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, token);

        var begin = await client.CallToolAsync("begin_session", new Dictionary<string, object?>());
        var session = ((JsonElement)begin.StructuredContent!).GetProperty("session").GetString();
        await client.CallToolAsync("user_save_to_shelf", new Dictionary<string, object?> { ["session"] = session, ["article_id"] = "night-trains", ["progress"] = 40 });

        var state = (string?)await StateDatabase.ScalarAsync(fixture.Gateway.DatabasePath, "SELECT state FROM user_state WHERE user_id = $id", ("$id", reader));
        Assert.NotNull(state);
        Assert.Contains("night-trains", state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongAudienceToken_IsRejectedWith401()
    {
        var token = await fixture.Auth.MintAsync(ReadingRoomFixture.NewReader(), "http://127.0.0.1:1/mcp");
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        using var response = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TwoSubjects_StayIsolated()
    {
        await using var alice = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(ReadingRoomFixture.NewReader()));
        await using var bob = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(ReadingRoomFixture.NewReader()));
        var aliceSession = Session(await alice.CallToolAsync("begin_session", new Dictionary<string, object?>()));
        var bobSession = Session(await bob.CallToolAsync("begin_session", new Dictionary<string, object?>()));

        await alice.CallToolAsync("user_save_to_shelf", new Dictionary<string, object?> { ["session"] = aliceSession, ["article_id"] = "marginalia" });
        var bobShelf = await bob.CallToolAsync("user_get_shelf", new Dictionary<string, object?> { ["session"] = bobSession });
        var aliceShelf = await alice.CallToolAsync("user_get_shelf", new Dictionary<string, object?> { ["session"] = aliceSession });

        Assert.Equal(0, ((JsonElement)bobShelf.StructuredContent!).GetProperty("shelf").GetProperty("items").GetArrayLength());
        Assert.Equal("empty", ((JsonElement)bobShelf.StructuredContent!).GetProperty("shelf").GetProperty("status").GetString());
        Assert.Equal(1, ((JsonElement)aliceShelf.StructuredContent!).GetProperty("shelf").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CallWithoutSession_IsRefused()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(ReadingRoomFixture.NewReader()));

        var result = await client.CallToolAsync("domain_get_article", new Dictionary<string, object?> { ["id"] = "slow-reading" });

        Assert.True(result.IsError);
        Assert.Contains("begin_session", Text(result), StringComparison.Ordinal);
        Assert.Null(result.StructuredContent);
    }

    private static string Session(CallToolResult result) => ((JsonElement)result.StructuredContent!).GetProperty("session").GetString()!;

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
