using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;

namespace Connector.TestKit;

/// <summary>Invariants 1 and 2 as a host meets them: one URL, both protocol eras, tools only, every tool named and grouped.</summary>
public abstract partial class ConnectorInvariants<TEntryPoint, TProfile>
{
    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Era_RealClient_FindsTheFrontDoor_ThenReadsTheDomain(string protocolVersion)
    {
        RequireStore();
        await using var client = await McpClients.ConnectAsync(Host.Gateway.McpUrl, await Host.TokenFor(TestUsers.New()), protocolVersion);

        Assert.Equal(protocolVersion, client.NegotiatedProtocolVersion);
        Assert.Contains(App.FrontDoor, client.ServerInstructions ?? "", StringComparison.Ordinal);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == App.FrontDoor);
        var begin = await client.CallToolAsync(App.FrontDoor, new Dictionary<string, object?>());
        Assert.NotEqual(true, begin.IsError);
        var session = ((JsonElement)begin.StructuredContent!).GetProperty("session").GetString();
        var read = await client.CallToolAsync(App.DomainRead.Tool, App.DomainRead.With(session));
        Assert.NotEqual(true, read.IsError);
        Assert.NotNull(read.StructuredContent);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Search_RealClient_FindsTheItem(string protocolVersion)
    {
        RequireStore();
        Assert.SkipWhen(App.Search is null, "This app has no search tool.");
        var (request, expected) = App.Search!.Value;
        await using var client = await McpClients.ConnectAsync(Host.Gateway.McpUrl, await Host.TokenFor(TestUsers.New()), protocolVersion);
        var begin = await client.CallToolAsync(App.FrontDoor, new Dictionary<string, object?>());
        var session = ((JsonElement)begin.StructuredContent!).GetProperty("session").GetString();

        var search = await client.CallToolAsync(request.Tool, request.With(session));

        Assert.NotEqual(true, search.IsError);
        var ids = ((JsonElement)search.StructuredContent!).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Take(3);
        Assert.Contains(expected, ids);
    }

    [Fact]
    public async Task ToolsOnly_BothErasAnnounceToolsAndNothingElse()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var token = await Host.TokenFor(TestUsers.New());

        var initialize = await http.RpcAsync("initialize", new
        {
            protocolVersion = "2025-11-25",
            capabilities = new { },
            clientInfo = new { name = "connector-test-kit", version = "1.0" },
        }, token);
        var (response, discover) = await http.Send2026Async("server/discover", null, token);

        Assert.Equal(["tools"], initialize.GetProperty("result").GetProperty("capabilities").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["tools"], discover.GetProperty("result").GetProperty("capabilities").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("prompts/list")]
    [InlineData("resources/list")]
    [InlineData("resources/templates/list")]
    public async Task ToolsOnly_PromptsAndResourcesAreNotServed(string method)
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);

        var message = await http.RpcAsync(method, new Dictionary<string, object?>(), await Host.TokenFor(TestUsers.New()));

        Assert.Equal(-32601, message.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ToolCatalog_EveryToolNamedForHosts_Grouped_Titled_Annotated_AndGatedToolsAskForTheSession()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var hostRule = new Regex("^[a-zA-Z0-9_-]{1,64}$");

        var tools = await ListToolsAsync(http, await Host.TokenFor(TestUsers.New()));

        var names = tools.Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.Contains(App.FrontDoor, names);
        Assert.Contains("health", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var tool in tools)
        {
            var name = tool.GetProperty("name").GetString()!;
            Assert.Matches(hostRule, name);
            Assert.True(name == App.FrontDoor || name == "health" || IsGated(name) || name.StartsWith("config_", StringComparison.Ordinal), $"{name} is in no group");
            Assert.False(string.IsNullOrWhiteSpace(tool.GetProperty("title").GetString()), $"{name} has no title");
            Assert.False(string.IsNullOrWhiteSpace(tool.GetProperty("description").GetString()), $"{name} has no description");
            Assert.True(tool.GetProperty("annotations").TryGetProperty("readOnlyHint", out _), $"{name} doesn't say whether it is read-only");
            var required = tool.GetProperty("inputSchema").TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToList() : [];
            Assert.Equal(IsGated(name), required.Contains("session"));
        }
    }
}
