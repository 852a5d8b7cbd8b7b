using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Connector.Gateway.Mcp;

/// <summary>
/// POST /mcp takes UTF-8 JSON. Anything else gets 415 with a JSON-RPC error here, where the SDK's host would
/// answer an empty 415, or a 500 when the header is missing or its charset is quoted (<c>charset="utf-8"</c>,
/// which is valid HTTP but unknown to the framework's JSON reader). Valid spellings are passed on as plain
/// <c>application/json</c>.
/// </summary>
internal sealed class JsonContentType : IMiddleware
{
    private const string Json = "application/json";

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentType == Json)
        {
            // What MCP clients send: nothing to parse.
            return next(context);
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
            || !(type.Charset.Length == 0 || HeaderUtilities.RemoveQuotes(type.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return JsonRpcErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, JsonRpcErrors.ServerError,
                "Unsupported Media Type: send the JSON-RPC message as Content-Type: application/json (UTF-8).");
        }

        context.Request.ContentType = Json;
        return next(context);
    }
}
