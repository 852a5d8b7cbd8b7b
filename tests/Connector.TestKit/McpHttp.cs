using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.TestKit;

/// <summary>
/// Raw Streamable HTTP against the gateway: for what a real client hides (status codes, headers, malformed
/// bodies). Tool-level tests use the SDK's real McpClient instead (see <see cref="McpClients"/>).
/// </summary>
public sealed class McpHttp(string mcpUrl) : IDisposable
{
    private readonly HttpClient _http = new();
    private int _nextId;

    public Uri Url { get; } = new(mcpUrl);

    public HttpRequestMessage Request(string body, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>
    /// A request as a 2026-07-28 client sends it: the version in <c>MCP-Protocol-Version</c> and in
    /// <c>params._meta</c> with the client's capabilities, the method in <c>Mcp-Method</c> and, for a tool call,
    /// the tool's name in <c>Mcp-Name</c>.
    /// </summary>
    public HttpRequestMessage Request2026(string method, JsonObject? parameters, string? token, int id = 1)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = CurrentProtocolVersion,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
        };
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        var request = Request(body.ToJsonString(), token);
        request.Headers.Add("MCP-Protocol-Version", CurrentProtocolVersion);
        request.Headers.Add("Mcp-Method", method);
        if (parameters["name"] is JsonValue name)
        {
            request.Headers.Add("Mcp-Name", name.GetValue<string>());
        }

        return request;
    }

    /// <summary>Sends a 2026-07-28 request and returns its response message, whatever the status.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Message)> Send2026Async(string method, JsonObject? parameters, string? token, int id = 1)
    {
        using var request = Request2026(method, parameters, token, id);
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, ReadMessage(text, response.Content.Headers.ContentType?.MediaType));
    }

    public const string CurrentProtocolVersion = "2026-07-28";

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public Task<HttpResponseMessage> PostAsync(string body, string? token) => _http.SendAsync(Request(body, token));

    /// <summary>Sends one JSON-RPC request and returns its response message (the <c>result</c> or <c>error</c> holder).</summary>
    public async Task<JsonElement> RpcAsync(string method, object? parameters, string? token)
    {
        var id = Interlocked.Increment(ref _nextId);
        var body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        using var response = await PostAsync(body, token);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /mcp answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return ReadMessage(text, response.Content.Headers.ContentType?.MediaType);
    }

    public async Task<ToolCall> CallToolAsync(string? token, string name, object? arguments = null)
    {
        var message = await RpcAsync("tools/call", new Dictionary<string, object?> { ["name"] = name, ["arguments"] = arguments ?? new Dictionary<string, object?>() }, token);
        if (message.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"JSON-RPC error {error.GetProperty("code").GetInt32()}: {error.GetProperty("message").GetString()}");
        }

        var result = message.GetProperty("result");
        var text = string.Concat(result.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        var isError = result.TryGetProperty("isError", out var flag) && flag.GetBoolean();
        JsonElement? structured = result.TryGetProperty("structuredContent", out var s) ? s.Clone() : null;
        if (structured?.ValueKind == JsonValueKind.Object && structured.Value.TryGetProperty("session", out var session) && session.ValueKind == JsonValueKind.String)
        {
            LogWitness.Remember(session.GetString());
        }

        return new ToolCall(isError, text, structured);
    }

    /// <summary>A JSON body, or the first <c>data:</c> event of a text/event-stream body.</summary>
    public static JsonElement ReadMessage(string body, string? mediaType)
    {
        if (mediaType == "text/event-stream")
        {
            var data = body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).First();
            return JsonDocument.Parse(data).RootElement.Clone();
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
