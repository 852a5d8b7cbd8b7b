using Connector.DevAuth.Authorization;
using Connector.DevAuth.Clients;
using Connector.DevAuth.Grants;
using Connector.DevAuth.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Connector.DevAuth.Endpoints;

internal static class AuthorizeEndpoints
{
    private const int MaxSubjectLength = 200;
    private const int MaxEmailLength = 320;

    public static IEndpointRouteBuilder MapAuthorizeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/authorize", ShowConsentAsync);

        // The form is read by hand rather than bound: binding would attach ASP.NET's own antiforgery requirement,
        // and this page carries its own token tied to the pending request.
        endpoints.MapPost("/authorize", DecideAsync);
        return endpoints;
    }

    private static async Task<IResult> ShowConsentAsync(
        HttpContext context,
        ClientDirectory clients,
        PendingAuthorizations pending,
        ConsentCsrf csrf,
        DevAuthSettings settings,
        ILoggerFactory loggers)
    {
        var logger = Logger(loggers);
        var clientLookup = AuthorizationRequestParser.TryReadSingle(context.Request.Query["client_id"], "client_id", out var clientId, out _)
            ? await clients.FindAsync(clientId, context.RequestAborted)
            : new ClientLookup(null, null);
        if (!AuthorizationRequestParser.TryParse(context.Request.Query, clientLookup, out var request, out var failure))
        {
            DevAuthLog.AuthorizationRefused(logger, failure.Error, failure.Description);
            return failure.RedirectUri is null
                ? LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, ConsentPage.RenderError("This sign-in request can't continue", failure.Description))
                : RedirectToClient(context, failure.RedirectUri, StatusCodes.Status302Found, settings, ("error", failure.Error), ("error_description", failure.Description), ("state", failure.State));
        }

        var requestId = pending.Add(request);
        if (requestId is null)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status503ServiceUnavailable, ConsentPage.RenderError("Too many sign-ins in progress", "Wait a few minutes or restart the dev sign-in service."));
        }

        var token = csrf.TokenFor(requestId);
        context.Response.Cookies.Append(ConsentCsrf.CookieName(requestId), token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = settings.Issuer.StartsWith("https:", StringComparison.Ordinal),
            Path = "/authorize",
            MaxAge = PendingAuthorizations.Lifetime,
            IsEssential = true,
        });
        return LockedDownHtml.Page(context, StatusCodes.Status200OK, ConsentPage.Render(request, requestId, token));
    }

    private static async Task<IResult> DecideAsync(
        HttpContext context,
        PendingAuthorizations pending,
        ConsentCsrf csrf,
        GrantStore grants,
        DevAuthSettings settings,
        ILoggerFactory loggers)
    {
        var logger = Logger(loggers);
        if (!context.Request.HasFormContentType)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, ConsentPage.RenderError("This is not a consent form", "Send the sign-in page's form as it was rendered."));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!AuthorizationRequestParser.TryReadSingle(form["request_id"], "request_id", out var requestId, out _)
            || !AuthorizationRequestParser.TryReadSingle(form[ConsentCsrf.FormField], ConsentCsrf.FormField, out var formToken, out _)
            || !AuthorizationRequestParser.TryReadSingle(form["decision"], "decision", out var decision, out _)
            || !AuthorizationRequestParser.TryReadSingle(form["sub"], "sub", out var subject, out _)
            || !AuthorizationRequestParser.TryReadSingle(form["email"], "email", out var email, out _)
            || requestId is null)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, ConsentPage.RenderError("This is not a consent form", "The form is missing its request id or repeats a field."));
        }

        var cookieName = ConsentCsrf.CookieName(requestId);
        if (!csrf.IsValid(requestId, formToken, context.Request.Cookies[cookieName]))
        {
            DevAuthLog.ConsentForgeryRefused(logger);
            return LockedDownHtml.Page(context, StatusCodes.Status403Forbidden, ConsentPage.RenderError("This form could not be verified", "Its anti-forgery token or cookie is missing or wrong. Start the sign-in again from the app."));
        }

        var request = pending.Find(requestId);
        if (request is null)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, ConsentPage.RenderError("This sign-in has expired", "It was already decided or is older than ten minutes. Start the sign-in again from the app."));
        }

        if (decision is not ("approve" or "deny"))
        {
            return LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, ConsentPage.RenderError("No decision", "Choose Approve or Deny."));
        }

        subject = subject?.Trim();
        email = email?.Trim();
        var problem = decision == "deny" ? null : CheckIdentity(subject, email);
        if (problem is not null)
        {
            // The same request stays pending, so the person can correct the field and decide again.
            return LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, ConsentPage.Render(request, requestId, formToken!, problem));
        }

        if (pending.Take(requestId) is null)
        {
            return LockedDownHtml.Page(context, StatusCodes.Status400BadRequest, ConsentPage.RenderError("This sign-in has expired", "It was already decided. Start the sign-in again from the app."));
        }

        context.Response.Cookies.Delete(cookieName, new CookieOptions { Path = "/authorize" });
        if (decision == "deny")
        {
            DevAuthLog.AuthorizationDenied(logger, request.ClientId);
            return RedirectToClient(context, request.RedirectUri, StatusCodes.Status303SeeOther, settings, ("error", "access_denied"), ("error_description", "The person denied the request."), ("state", request.State));
        }

        var code = grants.IssueCode(new AuthorizationGrant(
            request.ClientId,
            request.RedirectUri,
            request.CodeChallenge,
            request.Resource,
            request.Scope,
            subject!,
            string.IsNullOrEmpty(email) ? null : email));
        DevAuthLog.AuthorizationApproved(logger, subject!, request.ClientId, request.Resource, request.Scope);
        return RedirectToClient(context, request.RedirectUri, StatusCodes.Status303SeeOther, settings, ("code", code), ("state", request.State));
    }

    private static string? CheckIdentity(string? subject, string? email)
    {
        if (string.IsNullOrEmpty(subject) || subject.Length > MaxSubjectLength || subject.Any(char.IsControl))
        {
            return $"Enter who to sign in as: 1 to {MaxSubjectLength} characters, such as user-a.";
        }

        if (!string.IsNullOrEmpty(email) && (email.Length > MaxEmailLength || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsControl)))
        {
            return "The email doesn't look like an address; fix it or leave it empty.";
        }

        return null;
    }

    /// <summary>
    /// 303 after the form so the browser follows with GET. Every answer carries iss (RFC 9207), letting a client
    /// that talks to several servers tell whose response this is.
    /// </summary>
    private static StatusCodeHttpResult RedirectToClient(HttpContext context, string redirectUri, int statusCode, DevAuthSettings settings, params (string Name, string? Value)[] parameters)
    {
        var query = parameters
            .Where(p => p.Value is not null)
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value))
            .Append(new KeyValuePair<string, string?>("iss", settings.Issuer));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Location = QueryHelpers.AddQueryString(redirectUri, query);
        return TypedResults.StatusCode(statusCode);
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(AuthorizeEndpoints).FullName!);
}
