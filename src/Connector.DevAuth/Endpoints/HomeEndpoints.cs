using System.Net.Mime;
using Connector.DevAuth.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connector.DevAuth.Endpoints;

internal static class HomeEndpoints
{
    public static IEndpointRouteBuilder MapHomeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", DescribeService);
        return endpoints;
    }

    private static ContentHttpResult DescribeService(DevAuthSettings settings) =>
        TypedResults.Text(
            $"""
            Connector dev sign-in (mock_auth): LOCAL DEVELOPMENT AND TESTS ONLY.

            It signs a real RS256 access token for whoever asks, so the gateway's normal
            token checks (signature by kid, issuer, audience, expiry) can run without any account.
            Never run it in production or expose it beyond your machine.

            Issuer: {settings.Issuer}

            Endpoints:
              GET  /.well-known/oauth-authorization-server   RFC 8414 metadata (also /.well-known/openid-configuration)
              GET  /jwks.json   the public signing keys
              POST /register    RFC 7591 dynamic client registration (public clients, PKCE S256)
              GET  /authorize   the sign-in and consent page (authorization code flow; resource required)
              POST /token       grant_type=authorization_code or refresh_token
              GET  /token?sub=<user>&aud=<resource URL>[&email=<address>][&scope=<scopes>][&format=text]
                                the shortcut for curl: a token without any client or consent
              GET  /try[?resource=<resource URL>]
                                try the sign-in in a browser: consent page, then the token's claims

            Mint a token in a shell:
              TOKEN=$(curl -s '{settings.Issuer}/token?sub=dev-user&aud=http://localhost:8000/mcp&format=text')
            then send it as the header: Authorization: Bearer $TOKEN

            """,
            MediaTypeNames.Text.Plain);
}
