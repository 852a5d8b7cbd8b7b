using System.Net.Mime;
using Connector.DevAuth.Keys;
using Connector.DevAuth.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Endpoints;

internal static class JwksEndpoints
{
    public static IEndpointRouteBuilder MapJwksEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/jwks.json", PublishSigningKeys);
        return endpoints;
    }

    private static JsonHttpResult<JsonWebKeySet> PublishSigningKeys(HttpContext context, SigningKeyRing signingKeys)
    {
        // Short enough that a regenerated key is picked up within minutes, long enough to spare a fetch per token.
        context.Response.Headers.CacheControl = "public, max-age=300";

        // The previous key stays published after a rotation, so tokens it signed keep working until they expire.
        var keySet = new JsonWebKeySet();
        foreach (var key in signingKeys.Published)
        {
            keySet.Keys.Add(key.PublicJwk);
        }

        return TypedResults.Json(keySet, JsonWebKeyJson.KeySet, MediaTypeNames.Application.Json);
    }
}
