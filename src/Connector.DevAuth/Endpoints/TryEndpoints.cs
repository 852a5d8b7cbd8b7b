using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Connector.DevAuth.Authorization;
using Connector.DevAuth.Clients;
using Connector.DevAuth.Grants;
using Connector.DevAuth.Hosting;
using Connector.DevAuth.Protocol;
using Connector.DevAuth.Tokens;
using Connector.DevAuth.Try;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Connector.DevAuth.Endpoints;

/// <summary>
/// GET /try: the whole sign-in as a person sees it, without an MCP host. This service plays a small web app that
/// registers itself, sends the browser to /authorize and redeems the code on its own /try/callback. DEV ONLY.
/// </summary>
internal static class TryEndpoints
{
    /// <summary>The resource /try asks for when the link names none; ./run sets it to the gateway's RESOURCE_URL.</summary>
    public const string TryResourceKey = "DEV_AUTH_TRY_RESOURCE";

    private const string CallbackPath = "/try/callback";

    public static IEndpointRouteBuilder MapTryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Captured here rather than registered as a service, so trying it needs no change to the service wiring.
        var logins = new TryLogins(endpoints.ServiceProvider.GetRequiredService<TimeProvider>());
        endpoints.MapGet("/try", (HttpContext context, ClientRegistry clients, DevAuthSettings settings, IConfiguration configuration, TimeProvider time, ILoggerFactory loggers) =>
            Start(context, logins, clients, settings, configuration, time, Logger(loggers)));
        endpoints.MapGet(CallbackPath, (HttpContext context, ClientRegistry clients, GrantStore grants, AccessTokenIssuer issuer, DevAuthSettings settings, ILoggerFactory loggers) =>
            Finish(context, logins, clients, grants, issuer, settings, Logger(loggers)));
        return endpoints;
    }

    private static IResult Start(HttpContext context, TryLogins logins, ClientRegistry clients, DevAuthSettings settings, IConfiguration configuration, TimeProvider time, ILogger logger)
    {
        var resource = context.Request.Query["resource"].ToString();
        if (string.IsNullOrWhiteSpace(resource))
        {
            resource = configuration[TryResourceKey]?.Trim() ?? "";
        }

        if (resource.Length == 0)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, TryPage.RenderError(
                "No resource to sign in for",
                $"Open /try?resource=<the gateway's /mcp URL>, or set {TryResourceKey} (./run sets it to the gateway's RESOURCE_URL)."));
        }

        var redirectUri = settings.Issuer + CallbackPath;
        var clientId = DemoClient(logins, clients, redirectUri, time, logger);
        if (clientId is null)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status503ServiceUnavailable, TryPage.RenderError(
                "The demo client could not be registered",
                $"Its redirect URI {redirectUri} is not acceptable here (http only to this machine), or the client list is full."));
        }

        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var state = logins.Start(verifier, resource);
        if (state is null)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status503ServiceUnavailable, TryPage.RenderError("Too many demo sign-ins in progress", "Wait ten minutes or restart the dev sign-in service."));
        }

        var authorize = QueryHelpers.AddQueryString(settings.Issuer + "/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = Pkce.S256,
            ["state"] = state,
            ["resource"] = resource,
        });
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(authorize);
    }

    private static IResult Finish(HttpContext context, TryLogins logins, ClientRegistry clients, GrantStore grants, AccessTokenIssuer issuer, DevAuthSettings settings, ILogger logger)
    {
        var query = context.Request.Query;
        IResult Fail(int status, string error, string? description)
        {
            TryLog.Failed(logger, error);
            return LockedDownHtml.Page(context, status, TryPage.RenderError(error, description));
        }

        // Taken before anything else, so a callback is good exactly once whatever it carries.
        var login = logins.Take(query["state"].Count == 1 ? query["state"].ToString() : null);
        if (login is null)
        {
            return Fail(StatusCodes.Status400BadRequest, "unknown_state", "This callback doesn't belong to a sign-in started here, or it is older than ten minutes. Start again.");
        }

        if (query["iss"].ToString() != settings.Issuer)
        {
            return Fail(StatusCodes.Status400BadRequest, "wrong_issuer", "The answer does not say it comes from this sign-in service (RFC 9207).");
        }

        if (query["error"].Count > 0)
        {
            return Fail(StatusCodes.Status200OK, query["error"].ToString(), query["error_description"].ToString());
        }

        var redirectUri = settings.Issuer + CallbackPath;
        var clientId = logins.ClientId;
        var code = query["code"].Count == 1 ? query["code"].ToString() : null;
        if (code is null || clientId is null || clients.Find(clientId) is null)
        {
            return Fail(StatusCodes.Status400BadRequest, "invalid_request", "The callback carries no single code.");
        }

        // The same checks /token makes for this client; done in-process because this service is the client here.
        if (!grants.TryRedeemCode(
            code,
            g => g.ClientId != clientId || g.RedirectUri != redirectUri || g.Resource != login.Resource || !Pkce.VerifierMatches(login.Verifier, g.CodeChallenge)
                ? "The code was not issued for this demo sign-in."
                : null,
            out var grant,
            out _,
            out var problem,
            out _))
        {
            return Fail(StatusCodes.Status400BadRequest, "invalid_grant", problem);
        }

        var token = new JsonWebToken(issuer.Issue(grant).Token);
        TryLog.SignedIn(logger, grant.Subject, grant.Resource);
        var claims = new List<(string, string)>
        {
            ("sub", token.Subject),
            ("aud", string.Join(' ', token.Audiences)),
            ("exp", token.ValidTo.ToString("u", CultureInfo.InvariantCulture)),
            ("iss", token.Issuer),
        };
        if (token.TryGetPayloadValue<string>("scope", out var scope))
        {
            claims.Add(("scope", scope));
        }

        if (token.TryGetPayloadValue<string>("email", out var email))
        {
            claims.Add(("email", email));
        }

        return LockedDownHtml.Page(context, StatusCodes.Status200OK, TryPage.RenderClaims(claims));
    }

    private static string? DemoClient(TryLogins logins, ClientRegistry clients, string redirectUri, TimeProvider time, ILogger logger)
    {
        lock (logins)
        {
            if (logins.ClientId is { } known && clients.Find(known) is not null)
            {
                return known;
            }

            var request = new ClientRegistrationRequest([redirectUri], "Try the dev sign-in", null, null, "none");
            if (!ClientRegistrationDraft.TryCreate(request, out var draft, out _) || !clients.TryAdd(draft, time.GetUtcNow(), out var client))
            {
                return null;
            }

            TryLog.RegisteredDemoClient(logger, client.ClientId);
            logins.ClientId = client.ClientId;
            return client.ClientId;
        }
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(TryEndpoints).FullName!);
}
