using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Connector.Gateway.Mcp;

/// <summary>
/// The SDK answers 406 unless Accept names both application/json and text/event-stream (a wildcard counts).
/// Hosts send less: no Accept at all, only one of the two, or <c>*/*</c>. A caller that admits an event stream
/// (or, sending no Accept, anything) gets the SDK's event stream; one that accepts JSON but not an event stream
/// gets the answer's one JSON-RPC message as application/json. The SDK stays the transport: this only widens what it is asked and,
/// for the JSON-only caller, unwraps its one frame.
/// </summary>
internal sealed class AcceptWhatHostsSend : IMiddleware
{
    private const string Both = "application/json, text/event-stream";
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private static readonly MediaTypeHeaderValue s_eventStream = new("text/event-stream");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.Accept.ToString() == Both)
        {
            // What MCP clients send: nothing to widen.
            await next(context);
            return;
        }

        var accept = context.Request.GetTypedHeaders().Accept;
        if (accept.Count == 0 || Admits(accept, s_eventStream))
        {
            context.Request.Headers.Accept = Both;
            await next(context);
        }
        else if (Admits(accept, s_json))
        {
            context.Request.Headers.Accept = Both;
            await AnswerAsJsonAsync(context, next);
        }
        else
        {
            // Nothing of ours could satisfy it; the SDK's 406 says so.
            await next(context);
        }
    }

    private static async Task AnswerAsJsonAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        var written = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true
            && LastData(written.Span) is { } message)
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            written = message;
        }

        context.Response.ContentLength = written.Length;
        await body.WriteAsync(written, context.RequestAborted);
    }

    /// <summary>The last event's data: in a stateless answer that is the response, after any notifications.</summary>
    private static byte[]? LastData(ReadOnlySpan<byte> events)
    {
        byte[]? last = null;
        foreach (var line in Encoding.UTF8.GetString(events).Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                last = Encoding.UTF8.GetBytes(line[5..].Trim());
            }
        }

        return last;
    }

    private static bool Admits(IList<MediaTypeHeaderValue> accept, MediaTypeHeaderValue wanted) =>
        accept.Any(range => range.Quality is not 0 && wanted.IsSubsetOf(range));
}
