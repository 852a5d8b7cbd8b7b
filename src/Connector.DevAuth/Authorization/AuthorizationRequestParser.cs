using System.Diagnostics.CodeAnalysis;
using Connector.DevAuth.Clients;
using Microsoft.Extensions.Primitives;

namespace Connector.DevAuth.Authorization;

internal static class AuthorizationRequestParser
{
    public const int MaxParameterLength = 2000;

    /// <summary>
    /// Client and redirect_uri first: until both are trusted, no error may be sent anywhere but this page.
    /// <paramref name="clientLookup"/> is what the query's client_id was found to name, looked up beforehand because
    /// a metadata document has to be fetched.
    /// </summary>
    public static bool TryParse(
        IQueryCollection query,
        ClientLookup clientLookup,
        [NotNullWhen(true)] out AuthorizationRequest? request,
        [NotNullWhen(false)] out AuthorizationFailure? failure)
    {
        request = null;
        if (!TryReadSingle(query, "client_id", out var clientId, out var problem) || clientId is null)
        {
            failure = new("invalid_request", problem ?? "The request names no client_id.", null, null);
            return false;
        }

        var client = clientLookup.Client;
        if (client is null || !string.Equals(client.ClientId, clientId, StringComparison.Ordinal))
        {
            failure = new("invalid_client", clientLookup.Problem ?? "The client_id is not registered here.", null, null);
            return false;
        }

        if (!TryReadSingle(query, "redirect_uri", out var redirectUri, out problem) || redirectUri is null)
        {
            failure = new("invalid_request", problem ?? "The request names no redirect_uri.", null, null);
            return false;
        }

        if (!client.AllowsRedirectTo(redirectUri))
        {
            failure = new("invalid_request", "The redirect_uri is not one this client registered (they must match exactly).", null, null);
            return false;
        }

        // From here on the redirect_uri is trusted, so errors go back to the client, with its state.
        if (!TryReadSingle(query, "state", out var state, out problem))
        {
            failure = new("invalid_request", problem, redirectUri, null);
            return false;
        }

        failure = CheckRest(query, client, out var codeChallenge, out var resource, out var scope);
        if (failure is not null)
        {
            failure = failure with { RedirectUri = redirectUri, State = state };
            return false;
        }

        request = new AuthorizationRequest(client.ClientId, client.ClientName, redirectUri, state, codeChallenge!, resource!, scope!);
        return true;
    }

    private static AuthorizationFailure? CheckRest(
        IQueryCollection query,
        RegisteredClient client,
        out string? codeChallenge,
        out string? resource,
        out string? scope)
    {
        codeChallenge = resource = scope = null;
        if (!TryReadSingle(query, "response_type", out var responseType, out var problem))
        {
            return Refuse("invalid_request", problem);
        }

        if (responseType is null)
        {
            return Refuse("invalid_request", "response_type is required and must be code.");
        }

        if (responseType != "code" || !client.AllowsGrant("authorization_code"))
        {
            return Refuse("unsupported_response_type", "Only response_type=code (the authorization code flow) is supported.");
        }

        if (!TryReadSingle(query, "code_challenge_method", out var method, out problem)
            || !TryReadSingle(query, "code_challenge", out codeChallenge, out problem))
        {
            return Refuse("invalid_request", problem);
        }

        if (method != Pkce.S256)
        {
            return Refuse("invalid_request", "PKCE is required with code_challenge_method=S256; plain is not accepted.");
        }

        if (codeChallenge is null || !Pkce.IsWellFormedChallenge(codeChallenge))
        {
            return Refuse("invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).");
        }

        var resources = query["resource"];
        if (resources.Count == 0 || string.IsNullOrWhiteSpace(resources[0]))
        {
            return Refuse("invalid_request", "resource is required (RFC 8707): the URL of the server the token is for, such as its /mcp URL.");
        }

        if (resources.Count > 1)
        {
            return Refuse("invalid_target", "Name exactly one resource: each token is for one server.");
        }

        resource = resources[0]!.Trim();
        if (!IsAcceptableResource(resource))
        {
            return Refuse("invalid_target", "resource must be an absolute http or https URL without a fragment.");
        }

        if (!TryReadSingle(query, "scope", out var requestedScope, out problem))
        {
            return Refuse("invalid_request", problem);
        }

        var scopes = (requestedScope ?? SupportedScopes.Reading).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        var unknown = scopes.FirstOrDefault(s => !SupportedScopes.All.Contains(s, StringComparer.Ordinal));
        if (unknown is not null)
        {
            return Refuse("invalid_scope", $"Unknown scope '{unknown}'. Supported: {string.Join(' ', SupportedScopes.All)}.");
        }

        scope = scopes.Length == 0 ? SupportedScopes.Reading : string.Join(' ', scopes);
        return null;
    }

    public static bool IsAcceptableResource(string value) =>
        value.Length <= MaxParameterLength
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Fragment.Length == 0
        && !value.Contains('#', StringComparison.Ordinal);

    private static AuthorizationFailure Refuse(string error, string description) => new(error, description, null, null);

    /// <summary>Blank counts as absent; a repeated parameter is refused (RFC 6749 section 3.1).</summary>
    private static bool TryReadSingle(IQueryCollection query, string name, out string? value, [NotNullWhen(false)] out string? problem)
    {
        var values = query[name];
        return TryReadSingle(values, name, out value, out problem);
    }

    public static bool TryReadSingle(StringValues values, string name, out string? value, [NotNullWhen(false)] out string? problem)
    {
        value = null;
        problem = null;
        if (values.Count > 1)
        {
            problem = $"Pass {name} only once.";
            return false;
        }

        var single = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(single))
        {
            return true;
        }

        if (single.Length > MaxParameterLength)
        {
            problem = $"{name} must be at most {MaxParameterLength} characters.";
            return false;
        }

        value = single;
        return true;
    }
}
