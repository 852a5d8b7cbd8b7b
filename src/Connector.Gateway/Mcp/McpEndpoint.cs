using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Mcp;

/// <summary>
/// POST /mcp, Streamable HTTP in stateless mode: no request depends on an earlier one, so any instance can
/// answer any request and no Mcp-Session-Id exists. Tool calls, tool lists and pings go to the one
/// <see cref="SharedMcpServer"/>; everything else gets a transport and server of its own. The caller is already
/// authenticated by the time this runs; the verified principal rides along on the message so tools can ask for it.
/// </summary>
internal sealed partial class McpEndpoint(
    SharedMcpServer shared,
    IOptions<McpServerOptions> serverOptions,
    IOptions<McpEndpointOptions> endpointOptions,
    ILoggerFactory loggerFactory,
    ILogger<McpEndpoint> logger)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private static readonly MediaTypeHeaderValue s_eventStream = new("text/event-stream");
    private static readonly JsonTypeInfo<JsonRpcMessage> s_messageType = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    /// <summary>What the server answers for; a header naming anything else is refused.</summary>
    private static readonly HashSet<string> s_protocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    public async Task HandlePostAsync(HttpContext context)
    {
        if (Refusal(context.Request) is { } refusal)
        {
            await JsonRpcErrors.WriteAsync(context, refusal.Status, refusal.Code, refusal.Message);
            return;
        }

        var limit = endpointOptions.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await WriteTooLarge(context, limit);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        JsonRpcMessage? message;
        try
        {
            message = await ReadMessageAsync(context, limit);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteTooLarge(context, limit);
            return;
        }
        catch (JsonException)
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrors.ParseError, "Parse error: the body is not valid JSON.");
            return;
        }

        if (message is null)
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrors.InvalidRequest,
                "Invalid request: the body must be one JSON-RPC 2.0 message object (batches are not supported).");
            return;
        }

        message.Context = new JsonRpcMessageContext { User = context.User };
        await ServeAsync(context, message);
    }

    private async Task ServeAsync(HttpContext context, JsonRpcMessage message)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        using var answer = new WholeResponseBuffer();
        bool answered;
        try
        {
            answered = SharedMcpServer.Serves(message)
                ? await shared.HandleAsync(message, answer, context.RequestAborted)
                : await ServeAloneAsync(message, answer, context);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException or NotSupportedException)
        {
            // Some messages (a mistyped initialize) fail while the SDK reads their params, before any answer.
            LogBadParams(logger, ex.GetType().Name);
            context.Response.Headers.CacheControl = default;
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrors.InvalidParams,
                "Invalid params: the request's params don't have the shape this method needs.");
            return;
        }

        if (!answered)
        {
            // A notification or a response: nothing to say back.
            context.Response.ContentType = null;
            context.Response.Headers.CacheControl = default;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer.Written, context.RequestAborted);
    }

    /// <summary>A server of its own for a message that may set per-client state (the handshake) or needs no answer.</summary>
    private async Task<bool> ServeAloneAsync(JsonRpcMessage message, Stream answer, HttpContext context)
    {
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, serverOptions.Value, loggerFactory, context.RequestServices);
        var running = server.RunAsync(context.RequestAborted);
        try
        {
            return await transport.HandlePostRequestAsync(message, answer, context.RequestAborted);
        }
        finally
        {
            await transport.DisposeAsync();
            await server.DisposeAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // The server stops by cancellation once its transport is gone; that is the normal end.
            }
        }
    }

    private static (int Status, int Code, string Message)? Refusal(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (!accept.Any(a => a.MediaType.Equals(s_json.MediaType, StringComparison.OrdinalIgnoreCase))
            || !accept.Any(a => a.MediaType.Equals(s_eventStream.MediaType, StringComparison.OrdinalIgnoreCase)))
        {
            return (StatusCodes.Status406NotAcceptable, JsonRpcErrors.ServerError,
                "Not Acceptable: the Accept header must list both application/json and text/event-stream.");
        }

        if (request.ContentType is not { } contentType || !MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (StatusCodes.Status415UnsupportedMediaType, JsonRpcErrors.ServerError,
                "Unsupported Media Type: send the JSON-RPC message as Content-Type: application/json.");
        }

        var version = request.Headers["MCP-Protocol-Version"];
        if (version.Count > 0 && !s_protocolVersions.Contains(version.ToString()))
        {
            return (StatusCodes.Status400BadRequest, JsonRpcErrors.InvalidRequest,
                $"Bad Request: unsupported MCP-Protocol-Version. Supported: {string.Join(", ", s_protocolVersions)}.");
        }

        return null;
    }

    private static async Task<JsonRpcMessage?> ReadMessageAsync(HttpContext context, long limit)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        try
        {
            // The usual case, one well-formed message, is read once, straight into the SDK's type.
            if (JsonSerializer.Deserialize(body.Span, s_messageType) is { } message)
            {
                return message;
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or FormatException)
        {
            // Work out below which mistake it was.
        }

        // Not a message: broken JSON (Parse throws, -32700) is a different mistake from well-formed JSON of the
        // wrong shape, such as a batch (null, -32600).
        JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 }).Dispose();
        return null;
    }

    private Task WriteTooLarge(HttpContext context, long limit)
    {
        LogTooLarge(logger, limit);
        return JsonRpcErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, JsonRpcErrors.InvalidRequest,
            $"Payload Too Large: requests to this server are limited to {limit} bytes.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request whose params could not be read ({Error}).")]
    private static partial void LogBadParams(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request body over {Limit} bytes.")]
    private static partial void LogTooLarge(ILogger logger, long limit);
}
