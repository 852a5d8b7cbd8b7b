using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Doctor.Checks;

/// <summary>
/// The signed-in start of a conversation in both protocol eras: <c>server/discover</c> as a 2026-07-28 host sends
/// it, and the <c>initialize</c> handshake of 2025-11-25 (what most hosts send today). A 401 to a token that looks
/// right is the classic audience or issuer mismatch, so it gets its own verdict.
/// </summary>
internal static class McpSessionCheck
{
    public const string DiscoverId = "discover-2026";
    public const string AcceptedId = "token-accepted";
    public const string InitializeId = "initialize-2025";

    /// <summary>
    /// What the tool steps need: the server's instructions, any session id, and whether it answered the 2026-07-28
    /// era; null when they can't run.
    /// </summary>
    public sealed record Session(string? Instructions, string? SessionId, bool Speaks2026);

    public static async Task<Session?> RunAsync(CheckContext context)
    {
        var discover = await McpRpc.Send2026Async(context, "server/discover");
        if (discover.Answer.Status == 401)
        {
            RefusedToken(context, discover.Answer);
            return null;
        }

        string? instructions = null;
        const string DiscoverTitle = "server/discover in the 2026-07-28 era";
        if (discover.Result is { } found)
        {
            instructions = CheckContext.Text(found, "instructions");
            var versions = CheckContext.Strings(found, "supportedVersions");
            context.Pass(DiscoverId, DiscoverTitle, versions.Count > 0 ? "supportedVersions: " + string.Join(", ", versions) : "answered with a result");
        }
        else
        {
            context.Fail(DiscoverId, DiscoverTitle, discover.Problem,
                "Serve MCP 2026-07-28 on the same URL (an MCP SDK with server/discover, e.g. ModelContextProtocol 2.4+), so hosts on the new era can connect.");
        }

        context.Pass(AcceptedId, "The gateway accepts the token (audience and issuer)", "no 401 to server/discover with this token");

        var initialize = await McpRpc.Send2025Async(context, "initialize", new JsonObject
        {
            ["protocolVersion"] = McpRpc.Era2025,
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "connector-doctor", ["version"] = "0.1" },
        }, 2, null);
        if (initialize.Answer.Status == 401)
        {
            // Accepted in one era, refused in the other: the gateway's two paths disagree about the token.
            context.Fail(InitializeId, "initialize in the 2025-11-25 era", "401 to initialize with the token server/discover accepted",
                "Check the same token rules apply to both protocol eras on /mcp.");
            return null;
        }

        const string InitializeTitle = "initialize in the 2025-11-25 era";
        if (initialize.Result is not { } result)
        {
            context.Fail(InitializeId, InitializeTitle, initialize.Problem,
                "Answer initialize with protocolVersion 2025-11-25: today's hosts (Claude among them) start with it.");
            return instructions is null && discover.Result is null ? null : new Session(instructions, null, discover.Result is not null);
        }

        var sessionId = initialize.Answer.Header("Mcp-Session-Id");
        instructions ??= CheckContext.Text(result, "instructions");
        var version = CheckContext.Text(result, "protocolVersion");
        var detail = $"protocolVersion {version}" + (sessionId is null ? ", stateless (no Mcp-Session-Id)" : ", Mcp-Session-Id given");
        if (version == McpRpc.Era2025)
        {
            context.Pass(InitializeId, InitializeTitle, detail);
        }
        else
        {
            context.Warn(InitializeId, InitializeTitle, detail + $" (asked for {McpRpc.Era2025})",
                "Update the server's MCP SDK so it speaks 2025-11-25, the version today's hosts ask for.");
        }

        if (sessionId is not null)
        {
            // A stateful server expects the handshake finished before anything else.
            await McpRpc.Notify2025Async(context, "notifications/initialized", sessionId);
        }

        return new Session(instructions, sessionId, discover.Result is not null);
    }

    private static void RefusedToken(CheckContext context, Answer answer)
    {
        var claims = TokenCheck.Describe(context.Token!);
        var expectedIssuer = context.Issuer ?? "the issuer in the resource metadata";
        context.Fail(AcceptedId, "The gateway accepts the token (audience and issuer)",
            $"401 with a token: {claims}; the gateway expects aud={context.Options.Url} and iss={expectedIssuer}"
            + (answer.Header("WWW-Authenticate") is { } challenge ? $" ({challenge})" : ""),
            $"Audience or issuer mismatch: mint tokens with aud = {context.Options.Url} (RESOURCE_URL) from the issuer AUTH_ISSUER names, or fix those settings to match the sign-in service.");
    }
}
