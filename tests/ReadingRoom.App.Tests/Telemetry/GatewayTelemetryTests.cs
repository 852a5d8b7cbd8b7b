using System.Security.Cryptography;
using System.Text;

namespace ReadingRoom.App.Tests.Telemetry;

/// <summary>
/// The gateway's OpenTelemetry, received by a real OTLP/HTTP listener in this test: with the standard variables
/// set, a reader's calls arrive as spans (request, tool call, store, JWKS fetch) and metrics (calls by tool and
/// outcome, fail-closed refusals by cause, store latency, token-cache hits and misses), and none of the bytes
/// received holds a token, a session, a secret, an email or the raw <c>sub</c>. Spans and instruments are
/// process-wide, so other tests' gateways may add to what arrives; every assertion looks for this test's reader.
/// </summary>
public sealed class GatewayTelemetryTests
{
    private static readonly TimeSpan s_arrival = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AReadersCalls_ArriveAsSpansAndMetrics_WithoutASecret()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var auth = new DevAuthServer();
        await using var gateway = new GatewayServer(auth, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "reading-room-telemetry-test",
            // Export within a fraction of a second instead of the defaults' 5 s (spans) and 60 s (metrics).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "250",
        });
        var reader = TestUsers.New();
        var email = reader + "@mail.example";
        var token = await auth.MintAsync(reader, gateway.McpUrl, email);
        using var http = new McpHttp(gateway.McpUrl);

        var session = (await http.CallToolAsync(token, "begin_session")).Data.GetProperty("session").GetString()!;
        var article = await http.CallToolAsync(token, "domain_get_article", new { session, id = "slow-reading" });
        await http.CallToolAsync(token, "user_save_to_shelf", new { session, article_id = "slow-reading", progress = 10 });
        var refused = await http.CallToolAsync(token, "user_get_shelf", new { session = "not-a-session-token" });
        Assert.False(article.IsError, article.Text);
        Assert.True(refused.IsError);

        var user = UserHash(reader);
        var arrived = await receiver.WaitForAsync(r =>
            HasToolSpan(r, "domain_get_article", "ok", user)
            && HasToolSpan(r, "user_get_shelf", "refused", user)
            && r.Spans.Any(s => s.Name == "store update_state" && s.Attributes.GetValueOrDefault("db.system.name") == "sqlite")
            && r.Spans.Any(s => s.Name == "jwks fetch" && s.Attributes.GetValueOrDefault("connector.outcome") == "ok")
            && r.Spans.Any(s => s.Name.StartsWith("POST /mcp", StringComparison.Ordinal))
            && Count(r, "connector.tool.calls", ("gen_ai.tool.name", "domain_get_article"), ("connector.outcome", "ok")) >= 1
            && Count(r, "connector.fail_closed", ("connector.cause", "session-invalid")) >= 1
            && Count(r, "connector.token_cache.lookups", ("connector.cache.result", "hit")) >= 1
            && Count(r, "connector.token_cache.lookups", ("connector.cache.result", "miss")) >= 1
            && r.LastMetric("connector.store.duration")?.DataPoints.Any(p => p.Attributes.GetValueOrDefault("db.operation.name") == "update_state" && p.Count >= 1) == true,
            s_arrival);

        Assert.True(arrived, "Not everything arrived within 30 s. Received:\n" + receiver.Describe());
        Assert.Contains(receiver.Spans, s => s.ResourceAttributes.GetValueOrDefault("service.name") == "reading-room-telemetry-test");
        var received = string.Concat(receiver.RawBytes.Select(b => Encoding.UTF8.GetString(b)));
        Assert.Null(LogWitness.FindSecretIn(received));
        foreach (var secret in new[] { token, session, gateway.SessionSecret, email, reader })
        {
            Assert.False(receiver.ContainsText(secret), $"a secret or personal value ({secret.Length} characters) was exported");
        }
    }

    [Fact]
    public async Task WithoutAnEndpoint_NoOpenTelemetryIsRegistered()
    {
        await using var auth = new DevAuthServer();
        // Only the protocol and the intervals: with no endpoint the gateway registers no OpenTelemetry at all.
        await using var gateway = new GatewayServer(auth, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "250",
        });
        using var http = new McpHttp(gateway.McpUrl);

        var begin = await http.CallToolAsync(await auth.MintAsync(TestUsers.New(), gateway.McpUrl), "begin_session");

        Assert.False(begin.IsError);
        Assert.Null(gateway.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)));
        Assert.Null(gateway.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }

    /// <summary>The gateway's stand-in for a user in logs and spans (Tools/UserHash.cs): the first 6 bytes of SHA-256 over "log:" + sub.</summary>
    private static string UserHash(string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("log:" + subject)).AsSpan(0, 6));

    private static bool HasToolSpan(OtlpReceiver receiver, string tool, string outcome, string userHash) =>
        receiver.Spans.Any(s => s.Name == "tools/call " + tool
            && s.Attributes.GetValueOrDefault("gen_ai.tool.name") == tool
            && s.Attributes.GetValueOrDefault("connector.outcome") == outcome
            && s.Attributes.GetValueOrDefault("connector.user.hash") == userHash);

    private static double Count(OtlpReceiver receiver, string metric, params (string Key, string Value)[] attributes) =>
        receiver.LastMetric(metric)?.DataPoints
            .Where(p => attributes.All(a => p.Attributes.GetValueOrDefault(a.Key) == a.Value))
            .Sum(p => p.Value ?? 0) ?? 0;
}
