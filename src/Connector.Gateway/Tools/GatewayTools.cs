using System.ComponentModel;
using System.Security.Claims;
using Connector.Gateway.Authentication;
using Connector.Gateway.Search;
using Connector.Gateway.Session;
using Connector.Gateway.State;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tools;

/// <summary>
/// The skeleton's own tools: <c>health</c> (ungated) and the front door (<c>begin_session</c> unless the app names
/// its own; <see cref="ConnectorToolsBuilder"/> gives it that name).
/// </summary>
[McpServerToolType]
public sealed class GatewayTools(
    IConnectorApp app,
    AppBriefing briefing,
    SessionTokenService sessions,
    IStateStore store,
    IEnumerable<SearchService> searches,
    IOptions<ResourceServerOptions> identity)
{
    internal const string AuthDisabledWarning =
        "Sign-in is DISABLED on this server (AUTH_DISABLED=1): everyone shares one stand-in user, so nothing saved here is private. For demos only.";

    [McpServerTool(Name = GatewayToolNames.Health, Title = "Check the connector", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reports whether this connector is up and whether its memory can be reached. Needs no session. "
        + "Use it when other tools fail, to tell the user plainly what is wrong.")]
    public async Task<HealthReport> Health(CancellationToken cancellationToken)
    {
        var reachable = await store.IsReachableAsync(cancellationToken);
        var search = searches.ToDictionary(s => s.ToolName, s => s.Status);
        var whole = reachable && !search.Values.Any(s => s.StartsWith("unavailable", StringComparison.Ordinal));
        return new HealthReport(
            whole ? "ok" : "degraded",
            briefing.Version,
            reachable ? "reachable" : "unreachable",
            identity.Value.AuthDisabled ? "disabled: one stand-in user" : "verified sign-in (OAuth bearer token)",
            search.Count == 0 ? null : search,
            identity.Value.AuthDisabled ? AuthDisabledWarning : null);
    }

    [McpServerTool(Name = GatewayToolNames.BeginSession, Title = "Begin a session", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Call this FIRST on any new request or conversation, before any other tool. It returns how to help "
        + "this user (rules, persona and any other standing texts), what they have saved from earlier conversations, and the `session` token the "
        + "other tools ask for. Takes no arguments: the user is known from their sign-in.")]
    public async Task<BeginSessionResult> BeginSession(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var subject = SessionGate.VerifiedSubject(user);
        await store.EnsureUserAsync(subject, Email(user), cancellationToken);
        var saved = await store.ReadStateAsync(subject, cancellationToken);
        var session = sessions.Mint(subject, out var expiresAt);
        return new BeginSessionResult(
            session,
            expiresAt,
            briefing.Rules,
            briefing.Persona,
            app.DescribeState(saved),
            app.Texts.Count == 0 ? null : app.Texts,
            app.Reminder,
            identity.Value.AuthDisabled ? AuthDisabledWarning : null);
    }

    /// <summary>The front door under the app's name, titled with it; <c>health</c> as declared.</summary>
    internal static void InTheAppsWords(string declaredName, AppBriefing briefing, McpServerToolCreateOptions tool)
    {
        if (declaredName == GatewayToolNames.BeginSession)
        {
            tool.Name = briefing.FrontDoor;
            tool.Title = "Begin with " + briefing.Name;
        }
    }

    private static string? Email(ClaimsPrincipal user) =>
        user.FindFirst("email")?.Value is { Length: > 0 and <= 320 } email ? email : null;
}
