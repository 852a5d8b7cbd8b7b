using System.Globalization;
using System.Net;

namespace ReadingRoom.App.Tests.Hardening;

/// <summary>
/// The per-user token bucket: a reader who floods POST /mcp is slowed with 429 and a Retry-After, while
/// every other reader keeps being served. RATE_LIMIT_PER_MINUTE=60 gives a burst of 60 refilling 1 a second.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int PerMinute = 60;
    private const int MaxAttempts = 100;
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    private DevAuthServer _auth = null!;
    private GatewayServer _gateway = null!;

    public ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        _gateway = new GatewayServer(_auth, new Dictionary<string, string?> { ["RATE_LIMIT_PER_MINUTE"] = PerMinute.ToString(CultureInfo.InvariantCulture) });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _auth.DisposeAsync();
    }

    [Fact]
    public async Task Reader_FloodsPastTheBurst_Gets429WithRetryAfterWhileAnotherReaderIsServed()
    {
        var readerA = await _auth.MintAsync(TestUsers.New(), _gateway.McpUrl);
        var readerB = await _auth.MintAsync(TestUsers.New(), _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);

        // The bucket refills 1 token a second, so a bounded burst well past 60 is limited however slow the machine
        // is, as long as 100 calls take under ~40 s; no clock is read or waited on.
        var served = 0;
        string[]? retryAfterValues = null;
        for (var attempt = 0; attempt < MaxAttempts && retryAfterValues is null; attempt++)
        {
            using var response = await http.PostAsync(ToolsList, readerA);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfterValues = response.Headers.TryGetValues("Retry-After", out var values) ? [.. values] : [];
                JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                served++;
            }
        }

        Assert.True(retryAfterValues is not null, $"{MaxAttempts} quick calls by one reader were never limited");
        Assert.True(served >= PerMinute, $"only {served} calls were served before the first 429; the burst is {PerMinute}");
        var retryAfter = Assert.Single(retryAfterValues);
        Assert.True(int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds), $"Retry-After '{retryAfter}' is not whole seconds");
        Assert.True(seconds >= 1, $"Retry-After is {seconds}");

        using var other = await http.PostAsync(ToolsList, readerB);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var message = McpHttp.ReadMessage(await other.Content.ReadAsStringAsync(), other.Content.Headers.ContentType?.MediaType);
        Assert.True(message.GetProperty("result").GetProperty("tools").GetArrayLength() > 0);
    }
}
