using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Gateway.Mcp;

/// <summary>
/// The SDK's host reads some params (an <c>initialize</c>'s client info and capabilities) before any handler
/// runs, and a wrong shape there (a number for a string, an unpaired surrogate) escapes it as one of the
/// JSON reader's exceptions, which the host would turn into a 500. Here it becomes what it is: 400, Invalid
/// params, without a word of the exception.
/// </summary>
internal sealed partial class UnreadableParams(ILogger<UnreadableParams> logger) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException or NotSupportedException
            && !context.Response.HasStarted)
        {
            LogBadParams(logger, ex.GetType().Name);
            context.Response.Clear();
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrors.InvalidParams,
                "Invalid params: the request's params don't have the shape this method needs.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request whose params could not be read ({Error}).")]
    private static partial void LogBadParams(ILogger logger, string error);
}
