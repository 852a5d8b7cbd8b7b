using System.Net.Mime;
using System.Text.Json;
using Connector.DevAuth.Clients;
using Connector.DevAuth.Protocol;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connector.DevAuth.Endpoints;

internal static class RegistrationEndpoints
{
    // Client metadata is a few hundred bytes; anything near this is not a registration.
    private const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapRegistrationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/register", RegisterAsync);
        return endpoints;
    }

    /// <summary>RFC 7591 open registration: any local app may register a public client (development only).</summary>
    private static async Task<IResult> RegisterAsync(HttpContext context, ClientRegistry clients, TimeProvider timeProvider, ILoggerFactory loggers)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (!context.Request.HasJsonContentType())
        {
            return Refuse("invalid_client_metadata", "Send the client metadata as a JSON object with Content-Type: application/json.");
        }

        ClientRegistrationRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(DevAuthJsonContext.Default.ClientRegistrationRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            return Refuse("invalid_client_metadata", "The body is not a JSON object of client metadata (redirect_uris must be a list of strings).");
        }
        catch (BadHttpRequestException)
        {
            return Refuse("invalid_client_metadata", $"The body is larger than {MaxBodyBytes} bytes.");
        }

        if (request is null)
        {
            return Refuse("invalid_client_metadata", "The body must be a JSON object, not null.");
        }

        if (!ClientRegistrationDraft.TryCreate(request, out var draft, out var error))
        {
            return TypedResults.Json(error, DevAuthJsonContext.Default.OAuthErrorResponse, MediaTypeNames.Application.Json, StatusCodes.Status400BadRequest);
        }

        if (!clients.TryAdd(draft, timeProvider.GetUtcNow(), out var client))
        {
            return TypedResults.Json(
                new OAuthErrorResponse("temporarily_unavailable", $"This dev server already holds {ClientRegistry.MaxClients} clients; restart it to forget them."),
                DevAuthJsonContext.Default.OAuthErrorResponse,
                MediaTypeNames.Application.Json,
                StatusCodes.Status503ServiceUnavailable);
        }

        DevAuthLog.RegisteredClient(loggers.CreateLogger(typeof(RegistrationEndpoints).FullName!), client.ClientId, client.ClientName, client.RedirectUris.Count);
        var response = new ClientRegistrationResponse(
            client.ClientId,
            client.IssuedAt.ToUnixTimeSeconds(),
            client.ClientName,
            client.RedirectUris,
            client.GrantTypes,
            ["code"],
            "none");
        return TypedResults.Json(response, DevAuthJsonContext.Default.ClientRegistrationResponse, MediaTypeNames.Application.Json, StatusCodes.Status201Created);
    }

    private static JsonHttpResult<OAuthErrorResponse> Refuse(string error, string description) =>
        TypedResults.Json(new OAuthErrorResponse(error, description), DevAuthJsonContext.Default.OAuthErrorResponse, MediaTypeNames.Application.Json, StatusCodes.Status400BadRequest);
}
