using System.Text.Json;

namespace Connector.TestKit;

/// <summary>
/// The checks every app on the skeleton must pass, written once: the course's five starter checks, the token
/// rejection matrix, session binding and tampering, identity arguments refused, failing closed with the store down,
/// tools only, log secrecy and both protocol eras. An app runs them with a few lines in its test project:
/// <code>
/// public sealed class OnSqlite(SqliteConnector&lt;Program&gt; host) : SqliteInvariants&lt;Program, MyProfile&gt;(host);
/// public sealed class OnPostgres(PostgresConnector&lt;Program&gt; host) : PostgresInvariants&lt;Program, MyProfile&gt;(host);
/// </code>
/// Every check talks to the real app over real HTTP, signed in through the real dev sign-in.
/// </summary>
public abstract partial class ConnectorInvariants<TEntryPoint, TProfile>(ConnectorHost<TEntryPoint> host)
    where TEntryPoint : class
    where TProfile : AppProfile, new()
{
    protected ConnectorHost<TEntryPoint> Host => host;

    protected TProfile App { get; } = new();

    /// <summary>Skips the check, saying why, where its store can't run here.</summary>
    protected void RequireStore()
    {
        if (host.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <summary>A new user, signed in, through the front door: their token and session.</summary>
    protected async Task<(string User, string Token, string Session)> BeginAsync(McpHttp http, GatewayServer<TEntryPoint>? gateway = null)
    {
        var user = TestUsers.New();
        var token = await host.Auth.MintAsync(user, (gateway ?? host.Gateway).McpUrl);
        var begin = await http.CallToolAsync(token, App.FrontDoor);
        Assert.False(begin.IsError, $"{App.FrontDoor} failed: {begin.Text}");
        return (user, token, begin.Data.GetProperty("session").GetString()!);
    }

    protected Task<ToolCall> CallAsync(McpHttp http, string token, ToolRequest request, string? session) =>
        http.CallToolAsync(token, request.Tool, request.With(session));

    /// <summary>The app's own tools/list, as a host reads it.</summary>
    protected async Task<List<JsonElement>> ListToolsAsync(McpHttp http, string token) =>
        [.. (await http.RpcAsync("tools/list", new Dictionary<string, object?>(), token)).GetProperty("result").GetProperty("tools").EnumerateArray()];

    protected static bool IsGated(string tool) => tool.StartsWith("domain_", StringComparison.Ordinal) || tool.StartsWith("user_", StringComparison.Ordinal);

    /// <summary>A refusal the AI can act on: a tool error, no data, naming the front door.</summary>
    protected void AssertRefusedToTheFrontDoor(ToolCall result, string? saying = null)
    {
        Assert.True(result.IsError, "expected a refusal, got: " + result.Text);
        Assert.Null(result.Structured);
        Assert.Contains(App.FrontDoor, result.Text, StringComparison.Ordinal);
        if (saying is not null)
        {
            Assert.Contains(saying, result.Text, StringComparison.Ordinal);
        }
    }
}

/// <summary>The invariant checks on the app's embedded SQLite store.</summary>
public abstract class SqliteInvariants<TEntryPoint, TProfile>(SqliteConnector<TEntryPoint> host)
    : ConnectorInvariants<TEntryPoint, TProfile>(host), IClassFixture<SqliteConnector<TEntryPoint>>
    where TEntryPoint : class
    where TProfile : AppProfile, new();

/// <summary>The invariant checks on PostgreSQL (<c>DATABASE_URL</c>); skipped, saying why, without the server binaries.</summary>
public abstract class PostgresInvariants<TEntryPoint, TProfile>(PostgresConnector<TEntryPoint> host)
    : ConnectorInvariants<TEntryPoint, TProfile>(host), IClassFixture<PostgresConnector<TEntryPoint>>
    where TEntryPoint : class
    where TProfile : AppProfile, new();
