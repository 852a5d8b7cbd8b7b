using System.Security.Claims;
using System.Text.Encodings.Web;
using Connector.Gateway.Mcp;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connector.Gateway.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> and nothing else: never a token in the query string, never
/// two Authorization headers. The challenge is what sends an MCP host into its sign-in: a 401 whose
/// <c>WWW-Authenticate</c> points at this server's Protected Resource Metadata (RFC 9728).
/// </summary>
internal sealed partial class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    BearerTokenValidator validator,
    IOptions<ResourceServerOptions> resourceOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = resourceOptions.Value;
        if (options.AuthDisabled)
        {
            var identity = new ClaimsIdentity([new Claim(BearerTokenValidator.SubjectClaim, options.StandInSubject)], "AuthDisabled", BearerTokenValidator.SubjectClaim, null);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
        }

        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (headers.Count > 1)
        {
            return Failed("more than one Authorization header");
        }

        var header = headers[0]!;
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[BearerPrefix.Length..].Trim();
        try
        {
            var check = await validator.ValidateAsync(token, Context.RequestAborted);
            if (check.Principal is null)
            {
                return Failed(check.FailureReason!);
            }

            var properties = new AuthenticationProperties { ExpiresUtc = check.ValidTo };
            return AuthenticateResult.Success(new AuthenticationTicket(check.Principal, properties, Scheme.Name));
        }
        catch (SigningKeysUnavailableException)
        {
            Context.Items[BearerTokenDefaults.KeysUnavailableItem] = true;
            return AuthenticateResult.Fail("signing keys unavailable");
        }
    }

    private AuthenticateResult Failed(string reason)
    {
        LogTokenRejected(Logger, reason);
        return AuthenticateResult.Fail("invalid_token");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(BearerTokenDefaults.KeysUnavailableItem))
        {
            // Not the caller's fault: a 401 here would push the host into a pointless new sign-in.
            Response.Headers.RetryAfter = "5";
            await JsonRpcErrors.WriteAsync(Context, StatusCodes.Status503ServiceUnavailable, JsonRpcErrors.ServerError,
                "The sign-in service's keys can't be reached, so no sign-in can be checked right now. Try again shortly.");
            return;
        }

        var presented = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        var metadata = resourceOptions.Value.ProtectedResourceMetadataUrl.AbsoluteUri;
        Response.Headers[HeaderNames.WWWAuthenticate] = presented
            ? $"Bearer resource_metadata=\"{metadata}\"{ScopeParameter()}, error=\"invalid_token\", error_description=\"The access token is invalid or expired\""
            : $"Bearer resource_metadata=\"{metadata}\"{ScopeParameter()}";
        await JsonRpcErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, JsonRpcErrors.ServerError,
            presented
                ? "Unauthorized: the access token is invalid or expired. Sign in again."
                : "Unauthorized: this connector needs you to sign in. Send an OAuth bearer token.");
    }

    /// <summary>A valid token without the scopes this server needs: 403, naming them, so the host can ask for more.</summary>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var metadata = resourceOptions.Value.ProtectedResourceMetadataUrl.AbsoluteUri;
        Response.Headers[HeaderNames.WWWAuthenticate] =
            $"Bearer resource_metadata=\"{metadata}\"{ScopeParameter()}, error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\"";
        await JsonRpcErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, JsonRpcErrors.ServerError,
            $"Forbidden: the access token lacks a required scope ({string.Join(' ', resourceOptions.Value.RequiredScopes)}). Sign in again granting it.");
    }

    private string ScopeParameter() =>
        resourceOptions.Value.RequiredScopes.Count == 0 ? "" : $", scope=\"{string.Join(' ', resourceOptions.Value.RequiredScopes)}\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token rejected: {Reason}.")]
    private static partial void LogTokenRejected(ILogger logger, string reason);
}
