using Connector.Gateway.Mcp;
using Connector.Gateway.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Connector.Gateway.Authentication;

/// <summary>
/// What the gateway adds to JwtBearer: one Authorization header only; the checks it has no parameter for (a
/// <c>sub</c> to key data by, no <c>crit</c> extension, no <c>iat</c> in the future); the verified-token cache; and
/// the answers a host acts on: 401 pointing at the resource metadata (what starts its sign-in), 503 with
/// Retry-After when no signing key can be had (not the caller's fault), 403 naming missing scopes. The reason a
/// token failed is logged; the token never is.
/// </summary>
internal sealed partial class BearerTokenEvents(
    JwksRetriever keys,
    VerifiedTokenCache verified,
    IOptions<ResourceServerOptions> resource,
    TimeProvider time,
    ILogger<BearerTokenEvents> logger) : JwtBearerEvents
{
    private const string BearerPrefix = "Bearer ";
    private const string GenerationItem = "connector.signing-key-generation";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var headers = context.Request.Headers.Authorization;
        if (headers.Count > 1)
        {
            LogTokenRejected(logger, "more than one Authorization header");
            context.Fail(InvalidToken);
            return Task.CompletedTask;
        }

        if (headers.Count == 0 || headers[0] is not { } header || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.CompletedTask;
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (token.Length == 0)
        {
            LogTokenRejected(logger, "empty bearer token");
            context.Fail(InvalidToken);
            return Task.CompletedTask;
        }

        context.Token = token;
        if (keys.Fresh is { } generation)
        {
            if (verified.TryGet(token, generation, out var principal, out _))
            {
                CountCacheLookup("hit");
                context.Principal = principal;
                context.Success();
                return Task.CompletedTask;
            }

            // Remembered only if the keys in force are still these once the token has passed.
            context.HttpContext.Items[GenerationItem] = generation;
        }

        CountCacheLookup("miss");
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var jwt = (JsonWebToken)context.SecurityToken;
        var problem =
            // RFC 7515 §4.1.11: extensions listed in crit must be understood, and this server understands none.
            jwt.TryGetHeaderValue<object>("crit", out _) ? "critical header extension not understood"
            : context.Principal?.FindFirst(BearerTokenDefaults.SubjectClaim) is not { Value.Length: > 0 } ? "no sub claim"
            // A token "issued" in the future was minted by a broken or hostile clock; nothing honest does that.
            : jwt.TryGetPayloadValue<long>("iat", out var issuedAt)
                && DateTimeOffset.FromUnixTimeSeconds(issuedAt) > time.GetUtcNow() + resource.Value.ClockSkew ? "iat in the future"
            : null;
        if (problem is not null)
        {
            LogTokenRejected(logger, problem);
            context.Fail(InvalidToken);
            return Task.CompletedTask;
        }

        if (context.HttpContext.Items[GenerationItem] is SigningKeyGeneration generation && ReferenceEquals(generation, keys.Current))
        {
            verified.Add(jwt.EncodedToken, generation, context.Principal!, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
        }

        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        LogTokenRejected(logger, context.Exception.GetType().Name);
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        if (context.AuthenticateFailure is SecurityTokenSignatureKeyNotFoundException && keys.Current is null)
        {
            // Not the caller's fault: a 401 here would push the host into a pointless new sign-in.
            GatewayTelemetry.CountFailClosed("keys-unavailable");
            response.Headers.RetryAfter = "5";
            return JsonRpcErrors.WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable, JsonRpcErrors.ServerError,
                "The sign-in service's keys can't be reached, so no sign-in can be checked right now. Try again shortly.");
        }

        var presented = context.AuthenticateFailure is not null;
        response.Headers[HeaderNames.WWWAuthenticate] = presented
            ? $"Bearer resource_metadata=\"{MetadataUrl}\"{ScopeParameter()}, error=\"invalid_token\", error_description=\"The access token is invalid or expired\""
            : $"Bearer resource_metadata=\"{MetadataUrl}\"{ScopeParameter()}";
        return JsonRpcErrors.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, JsonRpcErrors.ServerError,
            presented
                ? "Unauthorized: the access token is invalid or expired. Sign in again."
                : "Unauthorized: this connector needs you to sign in. Send an OAuth bearer token.");
    }

    /// <summary>A valid token without the scopes this server needs: 403, naming them, so the host can ask for more.</summary>
    public override Task Forbidden(ForbiddenContext context)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] =
            $"Bearer resource_metadata=\"{MetadataUrl}\"{ScopeParameter()}, error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\"";
        return JsonRpcErrors.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, JsonRpcErrors.ServerError,
            $"Forbidden: the access token lacks a required scope ({string.Join(' ', resource.Value.RequiredScopes)}). Sign in again granting it.");
    }

    /// <summary>The same answer whatever failed: telling a forger which check tripped would help them.</summary>
    private const string InvalidToken = "invalid_token";

    private static void CountCacheLookup(string result) =>
        GatewayTelemetry.TokenCacheLookups.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.CacheResultAttribute, result));

    private string MetadataUrl => resource.Value.ProtectedResourceMetadataUrl.AbsoluteUri;

    private string ScopeParameter() =>
        resource.Value.RequiredScopes.Count == 0 ? "" : $", scope=\"{string.Join(' ', resource.Value.RequiredScopes)}\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token rejected: {Reason}.")]
    private static partial void LogTokenRejected(ILogger logger, string reason);
}
