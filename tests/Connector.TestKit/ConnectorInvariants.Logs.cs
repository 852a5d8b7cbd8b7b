namespace Connector.TestKit;

/// <summary>Secrets never reach the logs: bearer tokens, session tokens, forged tokens.</summary>
public abstract partial class ConnectorInvariants<TEntryPoint, TProfile>
{
    [Fact]
    public async Task Logs_HoldNoTokenOrSession_AfterCallsRefusalsAndForgeries()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var (_, token, session) = await BeginAsync(http);
        var forged = TokenForge.SignRs256(TokenForge.Claims(Host.Auth.Url, "https://elsewhere.example/mcp", TestUsers.New()), Host.Auth.SigningKey.SigningKey);

        await CallAsync(http, token, App.DomainRead, session);
        await CallAsync(http, token, App.SaveMarker("logged?"), session);
        await CallAsync(http, token, App.ReadSaved, session + "x");
        await http.CallToolAsync(token, App.DomainRead.Tool, App.DomainRead.With(session, ("user_id", token)));
        await http.RpcAsync("tools/call", new Dictionary<string, object?> { ["name"] = "no_such_tool_" + token }, token);
        using (await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", forged))
        {
        }

        var logs = Host.Gateway.LogText;
        Assert.NotEmpty(logs);
        foreach (var secret in new[] { token, token[(token.LastIndexOf('.') + 1)..], session, forged })
        {
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), "a token or session reached the logs");
        }
    }
}
