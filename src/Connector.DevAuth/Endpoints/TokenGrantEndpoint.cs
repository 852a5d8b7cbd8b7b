using System.Net.Mime;
using Connector.DevAuth.Authorization;
using Connector.DevAuth.Clients;
using Connector.DevAuth.Grants;
using Connector.DevAuth.Protocol;
using Connector.DevAuth.Tokens;

namespace Connector.DevAuth.Endpoints;

/// <summary>POST /token: the authorization_code and refresh_token grants of OAuth 2.1 for public clients.</summary>
internal static class TokenGrantEndpoint
{
    private const string AuthorizationCode = "authorization_code";
    private const string RefreshToken = "refresh_token";

    public static async Task<IResult> ExchangeAsync(
        HttpContext context,
        ClientDirectory clients,
        GrantStore grants,
        AccessTokenIssuer issuer,
        ILoggerFactory loggers)
    {
        // RFC 6749 section 5.1: neither tokens nor errors about them may be cached.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var logger = loggers.CreateLogger(typeof(TokenGrantEndpoint).FullName!);
        string? grantType = null;
        string? clientId = null;

        IResult Refuse(string error, string description, int statusCode = StatusCodes.Status400BadRequest)
        {
            DevAuthLog.TokenRequestRefused(logger, grantType, clientId, error, description);
            return TypedResults.Json(new OAuthErrorResponse(error, description), DevAuthJsonContext.Default.OAuthErrorResponse, MediaTypeNames.Application.Json, statusCode);
        }

        if (!context.Request.HasFormContentType)
        {
            return Refuse("invalid_request", "Send the parameters as application/x-www-form-urlencoded (RFC 6749 section 3.2).");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!AuthorizationRequestParser.TryReadSingle(form["grant_type"], "grant_type", out grantType, out var problem)
            || !AuthorizationRequestParser.TryReadSingle(form["client_id"], "client_id", out clientId, out problem))
        {
            return Refuse("invalid_request", problem);
        }

        if (grantType is null)
        {
            return Refuse("invalid_request", "grant_type is required: authorization_code or refresh_token.");
        }

        if (grantType is not (AuthorizationCode or RefreshToken))
        {
            return Refuse("unsupported_grant_type", "Only authorization_code and refresh_token are supported.");
        }

        var client = (await clients.FindAsync(clientId, context.RequestAborted)).Client;
        if (client is null)
        {
            return Refuse("invalid_client", "client_id is missing, not registered here, or names an unusable client metadata document.", StatusCodes.Status401Unauthorized);
        }

        if (!client.AllowsGrant(grantType))
        {
            return Refuse("unauthorized_client", $"This client did not register the {grantType} grant.");
        }

        if (!AuthorizationRequestParser.TryReadSingle(form["resource"], "resource", out var resource, out problem))
        {
            return Refuse("invalid_request", problem);
        }

        AuthorizationGrant? grant;
        string? refreshToken;
        bool replayed;
        if (grantType == AuthorizationCode)
        {
            if (!AuthorizationRequestParser.TryReadSingle(form["code"], "code", out var code, out problem)
                || !AuthorizationRequestParser.TryReadSingle(form["redirect_uri"], "redirect_uri", out var redirectUri, out problem)
                || !AuthorizationRequestParser.TryReadSingle(form["code_verifier"], "code_verifier", out var verifier, out problem))
            {
                return Refuse("invalid_request", problem);
            }

            if (code is null || redirectUri is null || verifier is null)
            {
                return Refuse("invalid_request", "code, redirect_uri and code_verifier are all required.");
            }

            if (!Pkce.IsWellFormedVerifier(verifier))
            {
                return Refuse("invalid_request", "code_verifier must be 43 to 128 unreserved characters (RFC 7636 section 4.1).");
            }

            if (!grants.TryRedeemCode(code, g => CheckCodeRequest(g, client.ClientId, redirectUri, verifier, resource), out grant, out refreshToken, out problem, out replayed))
            {
                if (replayed)
                {
                    DevAuthLog.GrantReplayDetected(logger, client.ClientId);
                }

                return Refuse("invalid_grant", problem);
            }
        }
        else
        {
            if (!AuthorizationRequestParser.TryReadSingle(form["refresh_token"], "refresh_token", out var presented, out problem)
                || !AuthorizationRequestParser.TryReadSingle(form["scope"], "scope", out var scope, out problem))
            {
                return Refuse("invalid_request", problem);
            }

            if (presented is null)
            {
                return Refuse("invalid_request", "refresh_token is required.");
            }

            // Checked before rotating, so a client that asks for too much keeps a refresh token that still works.
            var narrowedScope = (string?)null;
            if (grants.FindRefreshGrant(presented) is { } existing)
            {
                if (resource is not null && resource != existing.Resource)
                {
                    return Refuse("invalid_target", "A refresh token only yields tokens for the resource it was granted for.");
                }

                if (scope is not null)
                {
                    // RFC 6749 section 6: a narrower scope may be asked for, never a wider one.
                    var granted = existing.Scope.Split(' ');
                    var requested = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
                    if (requested.Length == 0 || requested.Any(s => !granted.Contains(s, StringComparer.Ordinal)))
                    {
                        return Refuse("invalid_scope", "The scope asked for exceeds what was granted.");
                    }

                    narrowedScope = string.Join(' ', requested);
                }
            }

            if (!grants.TryRotateRefreshToken(presented, client.ClientId, out grant, out refreshToken, out problem, out replayed))
            {
                if (replayed)
                {
                    DevAuthLog.GrantReplayDetected(logger, client.ClientId);
                }

                return Refuse("invalid_grant", problem);
            }

            if (narrowedScope is not null)
            {
                grant = grant with { Scope = narrowedScope };
            }
        }

        var issued = issuer.Issue(grant);
        return TypedResults.Json(
            new GrantTokenResponse(issued.Token, "Bearer", (int)issued.Lifetime.TotalSeconds, refreshToken, grant.Scope),
            DevAuthJsonContext.Default.GrantTokenResponse,
            MediaTypeNames.Application.Json);
    }

    private static string? CheckCodeRequest(AuthorizationGrant grant, string clientId, string redirectUri, string verifier, string? resource)
    {
        if (!string.Equals(grant.ClientId, clientId, StringComparison.Ordinal))
        {
            return "The code was issued to another client.";
        }

        if (!string.Equals(grant.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return "redirect_uri is not the one the authorization request used.";
        }

        if (!Pkce.VerifierMatches(verifier, grant.CodeChallenge))
        {
            return "code_verifier does not match the code_challenge.";
        }

        if (resource is not null && !string.Equals(resource, grant.Resource, StringComparison.Ordinal))
        {
            return "resource is not the one the authorization request named.";
        }

        return null;
    }
}
