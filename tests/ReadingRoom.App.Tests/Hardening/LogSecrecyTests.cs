using Connector.Gateway.Tools;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Hardening;

/// <summary>
/// What the gateway writes to its logs during a realistic run: enough to follow one call (request, hashed reader,
/// tool, duration, outcome) and never a credential. Logs are shipped to places with far wider access than the
/// database, so a token or session there is as good as stolen.
/// </summary>
public sealed partial class LogSecrecyTests : IAsyncLifetime
{
    private const string Article = "night-trains";

    private readonly LogRecorder _logs = new();
    private DevAuthServer _auth = null!;
    private GatewayServer _gateway = null!;

    public ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        _gateway = new GatewayServer(_auth);
        // Added to the running app's own factory: every logger it already handed out (singletons included)
        // starts writing here too, so nothing logged from now on is missed.
        _gateway.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _auth.DisposeAsync();
    }

    [Fact]
    public async Task RealisticSession_Logs_NeverContainTokensSessionsOrTheSecret()
    {
        var reader = TestUsers.New();
        var token = await _auth.MintAsync(reader, _gateway.McpUrl, email: reader + "@example.com");
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bearer token"] = token,
            ["bearer token signature"] = Signature(token),
            ["SESSION_SIGNING_SECRET"] = _gateway.SessionSecret,
        };

        var called = new HashSet<string>(StringComparer.Ordinal);
        string session;
        await using (var client = await McpClients.ConnectAsync(_gateway.McpUrl, token))
        {
            session = Data(await CallAsync(client, called, "begin_session", [])).GetProperty("session").GetString()!;
            secrets["session token"] = session;
            secrets["session signature"] = Signature(session);

            Data(await CallAsync(client, called, ToolNames.DomainListArticles, new() { ["session"] = session }));
            Data(await CallAsync(client, called, ToolNames.DomainGetArticle, new() { ["session"] = session, ["id"] = Article }));
            Data(await CallAsync(client, called, ToolNames.UserSaveToShelf, new()
            {
                ["session"] = session, ["article_id"] = Article, ["progress"] = 40, ["position"] = "the dining car", ["note"] = "finish on the train",
            }));
            Data(await CallAsync(client, called, ToolNames.UserGetShelf, new() { ["session"] = session }));
            Data(await CallAsync(client, called, ToolNames.UserRemoveFromShelf, new() { ["session"] = session, ["article_id"] = Article }));
            Data(await CallAsync(client, called, GatewayToolNames.ConfigGetRules, []));
            Data(await CallAsync(client, called, GatewayToolNames.ConfigGetPersona, []));
            Data(await CallAsync(client, called, "health", []));

            var tampered = Tamper(session, session.Length / 2);
            secrets["tampered session"] = tampered;
            var refused = await CallAsync(client, called, ToolNames.UserGetShelf, new() { ["session"] = tampered });
            Assert.True(refused.IsError, "a tampered session was accepted");

            var unknownArgument = await CallAsync(client, called, ToolNames.DomainListArticles, new() { ["session"] = session, ["user_id"] = "someone-else" });
            Assert.True(unknownArgument.IsError, "an unknown user_id argument was accepted");
        }

        using var http = new McpHttp(_gateway.McpUrl);
        var forged = TokenForge.SignRs256(TokenForge.Claims(_auth.Url, _gateway.McpUrl, reader), TokenForge.StrangerKey(_auth.SigningKey.KeyId));
        var swapped = SwapPayload(token, TokenForge.Claims(_auth.Url, _gateway.McpUrl, "intruder"));
        secrets["forged token"] = forged;
        secrets["forged token signature"] = Signature(forged);
        secrets["token with swapped payload"] = swapped;
        foreach (var rejected in new[] { forged, swapped })
        {
            using var response = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", rejected);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // A body cut off mid-way that still carries the session: a parse error must not echo the body into the logs.
        var badBody = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"user_get_shelf\",\"arguments\":{\"session\":\"" + session + "\"";
        using (var response = await http.PostAsync(badBody, token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var captured = _logs.Entries;
        Assert.True(captured.Count > 0, "nothing was captured from the gateway's logs, so nothing below would prove anything");
        AssertNoSecrets(captured, secrets);

        var calls = captured.Select(c => ToolCallLine().Match(c.Message)).Where(m => m.Success).ToList();
        foreach (var tool in called)
        {
            Assert.True(calls.Any(m => m.Groups["tool"].Value == tool), $"no per-call log line for {tool}; lines: {string.Join(" | ", calls.Select(m => m.Value))}");
        }

        var readerHashes = calls.Select(m => m.Groups["reader"].Value).Distinct(StringComparer.Ordinal).ToList();
        var readerHash = Assert.Single(readerHashes);
        Assert.NotEqual(reader, readerHash);
        Assert.DoesNotContain(reader, string.Join("\n", calls.Select(m => m.Value)), StringComparison.Ordinal);
        Assert.Contains(calls, m => m.Groups["tool"].Value == ToolNames.UserGetShelf && m.Groups["outcome"].Value == "refused");
        Assert.Contains(calls, m => m.Groups["tool"].Value == ToolNames.DomainListArticles && m.Groups["outcome"].Value == "bad-arguments");
        Assert.Contains(calls, m => m.Groups["tool"].Value == "begin_session" && m.Groups["outcome"].Value == "ok");
    }

    [Fact]
    public Task TokenInQueryString_IsRefusedAndNeverLogged() => AssertQueryStringTokenNotLoggedAsync(_gateway, _logs);

    [Fact]
    public async Task TokenInQueryString_WithRequestLoggingOn_IsNeverLogged()
    {
        await using var gateway = new GatewayServer(_auth, new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" });
        using var logs = new LogRecorder();
        gateway.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);

        await AssertQueryStringTokenNotLoggedAsync(gateway, logs);
    }

    /// <summary>A client that puts the token in the URL gets 401, but the URL itself is what request logging prints.</summary>
    private async Task AssertQueryStringTokenNotLoggedAsync(GatewayServer gateway, LogRecorder logs)
    {
        var token = await _auth.MintAsync(TestUsers.New(), gateway.McpUrl);
        using var http = new McpHttp(gateway.McpUrl);
        using var request = http.Request("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token: null);
        request.RequestUri = new Uri(gateway.McpUrl + "?access_token=" + token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var captured = logs.Entries;
        Assert.True(captured.Count > 0, "nothing was captured from the gateway's logs, so nothing below would prove anything");
        AssertNoSecrets(captured, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bearer token"] = token,
            ["bearer token signature"] = Signature(token),
        });
    }

    private static async Task<CallToolResult> CallAsync(McpClient client, HashSet<string> called, string tool, Dictionary<string, object?> arguments)
    {
        called.Add(tool);
        return await client.CallToolAsync(tool, arguments);
    }

    private static JsonElement Data(CallToolResult result)
    {
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        Assert.True(result.IsError != true, "the tool refused: " + text);
        return result.StructuredContent ?? throw new InvalidOperationException("No structuredContent; the tool said: " + text);
    }

    private static void AssertNoSecrets(IReadOnlyList<LogEntry> captured, Dictionary<string, string> secrets)
    {
        var leaks = (
            from log in captured
            from secret in secrets
            where log.Text.Contains(secret.Value, StringComparison.Ordinal)
            select $"{secret.Key} in [{log.Level} {log.Category}] {log.Message}").ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log entries leak a credential:\n" + string.Join("\n", leaks));
    }

    /// <summary>The last dot-separated part: a JWT's signature, a session token's HMAC.</summary>
    private static string Signature(string token) => token[(token.LastIndexOf('.') + 1)..];

    private static string Tamper(string text, int index)
    {
        var chars = text.ToCharArray();
        chars[index] = chars[index] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    /// <summary>A real token's header and signature around someone else's claims: only the signature check can catch it.</summary>
    private static string SwapPayload(string token, Dictionary<string, object> claims)
    {
        var parts = token.Split('.');
        return parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims)) + "." + parts[2];
    }

    [GeneratedRegex(@"^tool call request=(?<request>\S+) user=(?<reader>[0-9a-f]{12}) tool=(?<tool>\S+) ms=(?<ms>[0-9]+(\.[0-9]+)?) outcome=(?<outcome>\S+)$")]
    private static partial Regex ToolCallLine();
}
