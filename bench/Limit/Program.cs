using System.Buffers;
using System.Text.Json;

// POST /mcp: reads the JSON-RPC request, takes its id and params.arguments.message, and answers with the
// same Server-Sent Events frame the MCP C# SDK writes for an echo tool's result, in one write:
//   event: message
//   data: {"result":{"content":[{"type":"text","text":"<message>"}]},"id":<id>,"jsonrpc":"2.0"}
// No MCP SDK, no per-request server: the floor of what any MCP server in ASP.NET Core can cost.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

byte[] prefix = "event: message\ndata: "u8.ToArray();
byte[] suffix = "\n\n"u8.ToArray();

app.MapPost("/mcp", async (HttpContext context) =>
{
    using var request = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
    var root = request.RootElement;
    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id))
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    var message = root.TryGetProperty("params", out var parameters)
        && parameters.TryGetProperty("arguments", out var arguments)
        && arguments.TryGetProperty("message", out var text)
            ? text.GetString() ?? string.Empty
            : string.Empty;

    var buffer = new ArrayBufferWriter<byte>(256);
    buffer.Write(prefix);
    using (var json = new Utf8JsonWriter(buffer))
    {
        json.WriteStartObject();
        json.WritePropertyName("result"u8);
        json.WriteStartObject();
        json.WritePropertyName("content"u8);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, message);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WritePropertyName("id"u8);
        id.WriteTo(json);
        json.WriteString("jsonrpc"u8, "2.0"u8);
        json.WriteEndObject();
    }

    buffer.Write(suffix);
    context.Response.ContentType = "text/event-stream";
    context.Response.Headers.CacheControl = "no-cache";
    await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
});

await app.RunAsync();
