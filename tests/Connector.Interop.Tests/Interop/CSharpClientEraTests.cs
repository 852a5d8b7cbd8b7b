using System.Text.Json;
using ModelContextProtocol.Client;

namespace Connector.Interop.Tests.Interop;

/// <summary>
/// The C# SDK's client (<c>ModelContextProtocol</c>) in each protocol era it offers, selected the SDK's way with
/// <c>McpClientOptions.ProtocolVersion</c>: 2026-07-28 (<c>server/discover</c>, no handshake, no fallback) and
/// 2025-11-25 (the <c>initialize</c> handshake). The wire is recorded so the era is checked from what was sent, not
/// only from what the SDK reports.
/// </summary>
public sealed class CSharpClientEraTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private const string July2026 = "2026-07-28";
    private const string November2025 = "2025-11-25";

    [Theory]
    [InlineData(July2026, "server/discover", "initialize")]
    [InlineData(November2025, "initialize", "server/discover")]
    public async Task SdkClient_HeldToAnEra_NegotiatesIt_ListsTools_AndSavesToTheShelf(string era, string handshake, string otherHandshake)
    {
        using var recorder = new WireRecorder();
        using var http = new HttpClient(recorder);
        await using var client = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(TestUsers.New()), era, http);

        Assert.Equal(era, client.NegotiatedProtocolVersion);
        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.True(ReadingRoomToolNames.All.All(tools.Contains), $"{era}: tools/list lacks {string.Join(", ", ReadingRoomToolNames.All.Except(tools))}.");

        var session = await BeginSessionAsync(client);
        var article = FirstArticle(await CallAsync(client, "domain_list_articles", new() { ["session"] = session }));
        var saved = await CallAsync(client, "user_save_to_shelf", new() { ["session"] = session, ["article_id"] = article, ["progress"] = 60 });
        Assert.Equal((article, 60), Entry(saved.GetProperty("saved")));
        Assert.Equal([(article, 60)], Shelf(await CallAsync(client, "user_get_shelf", new() { ["session"] = session })));

        Assert.Contains(handshake, recorder.RpcMethods);
        Assert.DoesNotContain(otherHandshake, recorder.RpcMethods);
        // After the handshake (or from the first request, in 2026-07-28) every request names the era it speaks.
        Assert.Equal([era], recorder.ProtocolVersionHeaders);
        // Only the POSTs: a 2025-11-25 client also opens the optional GET stream, which a server may refuse with 405.
        Assert.All(recorder.Exchanges.Where(e => e.HttpMethod == "POST"), e => Assert.True(e.Status is >= 200 and < 300, $"{era}: POST {e.RpcMethod} answered {e.Status}."));
    }

    [Fact]
    public async Task SdkClient_LeftToChoose_PrefersJuly2026()
    {
        using var recorder = new WireRecorder();
        using var http = new HttpClient(recorder);
        await using var client = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(TestUsers.New()), protocolVersion: null, http);

        // The SDK falls back to initialize only when the server turns 2026-07-28 down; this one must not.
        Assert.Equal(July2026, client.NegotiatedProtocolVersion);
        Assert.DoesNotContain("initialize", recorder.RpcMethods);
        Assert.False(string.IsNullOrEmpty(await BeginSessionAsync(client)));
    }

    [Fact]
    public async Task OneReader_HasOneShelf_InEitherEra_AndAnotherReaderSeesNoneOfIt()
    {
        var reader = TestUsers.New();
        string article;
        await using (var older = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(reader), November2025))
        {
            var session = await BeginSessionAsync(older);
            article = FirstArticle(await CallAsync(older, "domain_list_articles", new() { ["session"] = session }));
            await CallAsync(older, "user_save_to_shelf", new() { ["session"] = session, ["article_id"] = article, ["progress"] = 25 });
        }

        await using var newer = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(reader), July2026);
        Assert.Equal([(article, 25)], Shelf(await CallAsync(newer, "user_get_shelf", new() { ["session"] = await BeginSessionAsync(newer) })));

        await using var stranger = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(TestUsers.New()), July2026);
        Assert.Empty(Shelf(await CallAsync(stranger, "user_get_shelf", new() { ["session"] = await BeginSessionAsync(stranger) })));
    }

    private static async Task<string> BeginSessionAsync(McpClient client) =>
        (await CallAsync(client, "begin_session", [])).GetProperty("session").GetString()
        ?? throw new InvalidOperationException("begin_session returned no session");

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError != true, $"{tool} failed: {string.Join(" ", result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text))}");
        return result.StructuredContent is JsonElement data ? data : throw new InvalidOperationException($"{tool} returned no structured content");
    }

    private static string FirstArticle(JsonElement list) =>
        list.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()).OfType<string>().FirstOrDefault()
        ?? throw new InvalidOperationException("domain_list_articles listed nothing");

    private static (string?, int) Entry(JsonElement entry) => (entry.GetProperty("articleId").GetString(), entry.GetProperty("progress").GetInt32());

    private static List<(string?, int)> Shelf(JsonElement result) => [.. result.GetProperty("shelf").GetProperty("items").EnumerateArray().Select(Entry)];
}
