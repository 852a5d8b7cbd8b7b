using System.Net.Mime;
using Microsoft.AspNetCore.Http.HttpResults;
using ReadingRoom.DevAuth.Keys;
using ReadingRoom.DevAuth.Protocol;

namespace ReadingRoom.DevAuth.Endpoints;

internal static class JwksEndpoints
{
    public static IEndpointRouteBuilder MapJwksEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/jwks.json", PublishSigningKeys);
        return endpoints;
    }

    private static JsonHttpResult<JsonWebKeySetDocument> PublishSigningKeys(HttpContext context, DevSigningKey signingKey)
    {
        // Short enough that a regenerated key is picked up within minutes, long enough to spare a fetch per token.
        context.Response.Headers.CacheControl = "public, max-age=300";

        // A list although it holds one key: during a rotation the previous key is published next to the new one.
        var keySet = new JsonWebKeySetDocument([PublicJsonWebKeyDocument.From(signingKey.PublicJwk)]);
        return TypedResults.Json(keySet, DevAuthJsonContext.Default.JsonWebKeySetDocument, MediaTypeNames.Application.Json);
    }
}
