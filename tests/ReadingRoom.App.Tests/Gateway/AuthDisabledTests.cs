using System.Net;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// Demo mode (AUTH_DISABLED=1, Development only): calls need no token, and every answer that could mislead a
/// person says plainly that sign-in is off.
/// </summary>
public sealed class AuthDisabledTests : IAsyncLifetime
{
    private DevAuthServer _auth = null!;
    private GatewayServer _gateway = null!;

    public ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        _gateway = new GatewayServer(_auth, new Dictionary<string, string?> { ["AUTH_DISABLED"] = "1" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _auth.DisposeAsync();
    }

    [Fact]
    public async Task ToolsList_WithoutToken_Is200()
    {
        using var http = new McpHttp(_gateway.McpUrl);

        using var response = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
        var message = McpHttp.ReadMessage(await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        Assert.True(message.GetProperty("result").GetProperty("tools").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Health_WithoutToken_WarnsThatAuthIsDisabled()
    {
        using var http = new McpHttp(_gateway.McpUrl);

        var health = await http.CallToolAsync(token: null, "health");

        Assert.False(health.IsError, health.Text);
        Assert.Equal("ok", health.Data.GetProperty("status").GetString());
        Assert.Contains("AUTH_DISABLED", health.Data.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeginSession_WithoutToken_WarnsAndActsAsTheStandInUser()
    {
        using var http = new McpHttp(_gateway.McpUrl);

        var begin = await http.CallToolAsync(token: null, "begin_session");

        Assert.False(begin.IsError, begin.Text);
        Assert.False(string.IsNullOrWhiteSpace(begin.Data.GetProperty("warning").GetString()));
        Assert.StartsWith("cs1.", begin.Data.GetProperty("session").GetString(), StringComparison.Ordinal);
        Assert.Equal(1L, await StateDatabase.ScalarAsync(_gateway.DatabasePath, "SELECT COUNT(*) FROM users"));
    }
}
