using System.Net.Mime;
using Connector.DevAuth.Authorization;
using Connector.DevAuth.Hosting;
using Connector.DevAuth.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connector.DevAuth.Endpoints;

internal static class MetadataEndpoints
{
    public static IEndpointRouteBuilder MapMetadataEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The issuer has no path, so RFC 8414's well-known URL is simply at the root; the OpenID name serves
        // the same document for clients that only try that one.
        endpoints.MapGet("/.well-known/oauth-authorization-server", Describe);
        endpoints.MapGet("/.well-known/openid-configuration", Describe);
        return endpoints;
    }

    private static JsonHttpResult<AuthorizationServerMetadata> Describe(DevAuthSettings settings)
    {
        var issuer = settings.Issuer;
        var metadata = new AuthorizationServerMetadata(
            Issuer: issuer,
            AuthorizationEndpoint: issuer + "/authorize",
            TokenEndpoint: issuer + "/token",
            RegistrationEndpoint: issuer + "/register",
            JwksUri: issuer + "/jwks.json",
            ScopesSupported: SupportedScopes.All,
            ResponseTypesSupported: ["code"],
            GrantTypesSupported: ["authorization_code", "refresh_token"],
            CodeChallengeMethodsSupported: [Pkce.S256],
            TokenEndpointAuthMethodsSupported: ["none"],
            // A client_id may be the https URL of the client's own metadata document, fetched at /authorize.
            ClientIdMetadataDocumentSupported: true,
            AuthorizationResponseIssParameterSupported: true);
        return TypedResults.Json(metadata, DevAuthJsonContext.Default.AuthorizationServerMetadata, MediaTypeNames.Application.Json);
    }
}
