using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Mcp;

/// <summary>
/// The body cap of POST /mcp, in front of the SDK's handler: a declared length over the cap is refused before a
/// byte is read, and a body that turns out longer (chunked) stops Kestrel's read at the cap. Either way the
/// caller gets 413 with a JSON-RPC error, not the empty 413 or the 500 the host would otherwise send.
/// </summary>
internal sealed partial class RequestBodyLimit(IOptions<RequestLimitsOptions> options, ILogger<RequestBodyLimit> logger) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await RefuseAsync(context, limit);
        }
    }

    private Task RefuseAsync(HttpContext context, long limit)
    {
        LogTooLarge(logger, limit);
        return JsonRpcErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, JsonRpcErrors.InvalidRequest,
            $"Payload Too Large: requests to this server are limited to {limit} bytes.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request body over {Limit} bytes.")]
    private static partial void LogTooLarge(ILogger logger, long limit);
}
