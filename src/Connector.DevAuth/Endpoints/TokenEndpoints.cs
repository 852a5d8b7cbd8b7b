using System.Net.Mime;
using Connector.DevAuth.Protocol;
using Connector.DevAuth.Tokens;

namespace Connector.DevAuth.Endpoints;

internal static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/token", IssueDevToken);

        // Read by hand, not bound, for the same reason as POST /authorize: no ASP.NET antiforgery on an API endpoint.
        endpoints.MapPost("/token", TokenGrantEndpoint.ExchangeAsync);
        return endpoints;
    }

    /// <summary>The shortcut for curl and scripts: no client, no consent, a token for whatever sub and aud are named.</summary>
    private static IResult IssueDevToken(HttpContext context, AccessTokenIssuer issuer)
    {
        if (!AccessTokenRequest.TryParse(context.Request.Query, out var request, out var problem))
        {
            return TypedResults.Json(
                new OAuthErrorResponse("invalid_request", problem),
                DevAuthJsonContext.Default.OAuthErrorResponse,
                MediaTypeNames.Application.Json,
                StatusCodes.Status400BadRequest);
        }

        var issued = issuer.Issue(request);

        // RFC 6749 section 5.1: a response carrying a token must not be cached anywhere.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";

        if (request.AsPlainText)
        {
            return TypedResults.Text(issued.Token + "\n", MediaTypeNames.Text.Plain);
        }

        return TypedResults.Json(
            new TokenResponse(issued.Token, "Bearer", (int)issued.Lifetime.TotalSeconds),
            DevAuthJsonContext.Default.TokenResponse,
            MediaTypeNames.Application.Json);
    }
}
