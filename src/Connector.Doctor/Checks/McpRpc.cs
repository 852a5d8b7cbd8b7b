using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Doctor.Checks;

/// <summary>One JSON-RPC request to /mcp, dressed as a host of either protocol era sends it.</summary>
internal static class McpRpc
{
    public const string Era2026 = "2026-07-28";
    public const string Era2025 = "2025-11-25";

    public sealed record Reply(Answer Answer, JsonElement? Message)
    {
        public JsonElement? Result => Message is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("result", out var r) ? r : null;

        public JsonElement? Error => Message is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("error", out var e) ? e : null;

        /// <summary>"-32022 Unsupported protocol version" or the HTTP status: what to quote when it went wrong.</summary>
        public string Problem => Error is { } e
            ? $"{Answer.StatusText}, error {(e.TryGetProperty("code", out var c) ? c.ToString() : "?")}: {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}"
            : Answer.StatusText + (Answer.Body.Length > 0 ? ": " + (Answer.Body.Length > 200 ? Answer.Body[..200] + "…" : Answer.Body) : "");
    }

    /// <summary>
    /// 2026-07-28: no handshake; the version and the client's capabilities ride in every request's <c>_meta</c>, and
    /// the method (and a tool's name) in headers so gateways can route without reading the body.
    /// </summary>
    public static async Task<Reply> Send2026Async(CheckContext context, string method, JsonObject? parameters = null, int id = 1)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Era2026,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
        };
        List<(string, string)> headers = [("MCP-Protocol-Version", Era2026), ("Mcp-Method", method)];
        if (parameters["name"] is JsonValue name)
        {
            headers.Add(("Mcp-Name", name.GetValue<string>()));
        }

        return await SendAsync(context, method, parameters, id, headers);
    }

    /// <summary>2025-11-25: after <c>initialize</c>, the negotiated version (and any session id) in headers.</summary>
    public static Task<Reply> Send2025Async(CheckContext context, string method, JsonObject? parameters, int id, string? sessionId)
    {
        List<(string, string)> headers = method == "initialize" ? [] : [("MCP-Protocol-Version", Era2025)];
        if (sessionId is not null)
        {
            headers.Add(("Mcp-Session-Id", sessionId));
        }

        return SendAsync(context, method, parameters, id, headers);
    }

    private static async Task<Reply> SendAsync(CheckContext context, string method, JsonObject? parameters, int? id, List<(string, string)> headers)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0" };
        if (id is not null)
        {
            body["id"] = id;
        }

        body["method"] = method;
        if (parameters is not null)
        {
            body["params"] = parameters;
        }

        var answer = await context.Probe.PostJsonAsync(context.Options.Url, body.ToJsonString(), context.Token, headers);
        return new Reply(answer, answer.Json());
    }

    /// <summary>A notification (no id, no answer expected), e.g. <c>notifications/initialized</c>.</summary>
    public static Task<Reply> Notify2025Async(CheckContext context, string method, string? sessionId)
    {
        List<(string, string)> headers = [("MCP-Protocol-Version", Era2025)];
        if (sessionId is not null)
        {
            headers.Add(("Mcp-Session-Id", sessionId));
        }

        return SendAsync(context, method, null, null, headers);
    }
}
