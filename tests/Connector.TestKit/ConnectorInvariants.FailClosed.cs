namespace Connector.TestKit;

/// <summary>Invariant 4: with the store down, every call that needs it says plainly that the session can't continue.</summary>
public abstract partial class ConnectorInvariants<TEntryPoint, TProfile>
{
    [Fact]
    public async Task FailClosed_StoreDownWhileRunning_StatefulCallsRefusePlainly_AndHealthSaysSo()
    {
        RequireStore();
        await using var connector = await Host.StartBreakableAsync();
        using var http = new McpHttp(connector.Gateway.McpUrl);
        var (_, token, session) = await BeginAsync(http, connector.Gateway);
        Assert.False((await CallAsync(http, token, App.SaveMarker("before-the-outage"), session)).IsError);

        await connector.BreakStoreAsync();

        foreach (var call in new[] { ToolRequest.Of(App.FrontDoor), App.SaveMarker("during-the-outage"), App.ReadSaved })
        {
            var result = await CallAsync(http, token, call, call.Tool == App.FrontDoor ? null : session);
            Assert.True(result.IsError, $"{call.Tool} should fail closed, got: {result.Text}");
            Assert.Null(result.Structured);
            Assert.Contains("can't continue", result.Text, StringComparison.Ordinal);
            Assert.Contains("do not invent", result.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Exception", result.Text, StringComparison.Ordinal);
        }

        var health = await http.CallToolAsync(token, "health");
        Assert.False(health.IsError, health.Text);
        Assert.Equal("degraded", health.Data.GetProperty("status").GetString());
        Assert.Equal("unreachable", health.Data.GetProperty("store").GetString());
    }

    [Fact]
    public async Task FailClosed_TheRulesTellTheAiToStop_NamingTheFrontDoor()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);

        var begin = await http.CallToolAsync(await Host.TokenFor(TestUsers.New()), App.FrontDoor);

        var rules = begin.Data.GetProperty("rules").GetString()!;
        Assert.Contains($"Fail closed: if you cannot reach {App.FrontDoor}", rules, StringComparison.Ordinal);
        Assert.Contains("do not invent", rules, StringComparison.OrdinalIgnoreCase);
    }
}
