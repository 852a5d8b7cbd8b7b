using System.Net;

namespace Connector.TestKit;

/// <summary>The course's five starter checks.</summary>
public abstract partial class ConnectorInvariants<TEntryPoint, TProfile>
{
    [Fact]
    public async Task Starter1_AppStarts_AndHealthSaysItsStoreIsReachable()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);

        var health = await http.CallToolAsync(await Host.TokenFor(TestUsers.New()), "health");

        Assert.False(health.IsError, health.Text);
        Assert.Equal("ok", health.Data.GetProperty("status").GetString());
        Assert.Equal("reachable", health.Data.GetProperty("store").GetString());
    }

    [Fact]
    public async Task Starter2_ValidToken_ItsSubjectOwnsWhatIsSaved()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var (user, token, session) = await BeginAsync(http);
        var marker = "marker-" + Guid.NewGuid().ToString("N")[..10];

        var saved = await CallAsync(http, token, App.SaveMarker(marker), session);

        Assert.False(saved.IsError, saved.Text);
        var stored = (string?)await Host.ScalarAsync("SELECT CAST(state AS TEXT) FROM user_state WHERE user_id = $1", user);
        Assert.Contains(marker, stored ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starter3_WrongAudienceToken_IsRefusedWith401()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var token = await Host.Auth.MintAsync(TestUsers.New(), $"http://127.0.0.1:{FreePort.Next()}/mcp");

        using var response = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Starter4_TwoUsers_StayIsolated()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var alice = await BeginAsync(http);
        var bob = await BeginAsync(http);
        var marker = "alice-" + Guid.NewGuid().ToString("N")[..10];

        Assert.False((await CallAsync(http, alice.Token, App.SaveMarker(marker), alice.Session)).IsError);
        var bobSees = await CallAsync(http, bob.Token, App.ReadSaved, bob.Session);
        var aliceSees = await CallAsync(http, alice.Token, App.ReadSaved, alice.Session);

        Assert.False(bobSees.IsError, bobSees.Text);
        Assert.DoesNotContain(marker, bobSees.Text + bobSees.Structured, StringComparison.Ordinal);
        Assert.Contains(marker, aliceSees.Text + aliceSees.Structured, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starter5_EveryGatedToolCalledWithoutASession_IsRefused_PointingAtTheFrontDoor()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var token = await Host.TokenFor(TestUsers.New());
        var gated = (await ListToolsAsync(http, token)).Select(t => t.GetProperty("name").GetString()!).Where(IsGated).ToList();
        Assert.NotEmpty(gated);

        foreach (var tool in gated)
        {
            AssertRefusedToTheFrontDoor(await http.CallToolAsync(token, tool, App.DomainRead.Tool == tool ? App.DomainRead.Arguments : null));
        }
    }
}
