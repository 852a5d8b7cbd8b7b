using System.Diagnostics.CodeAnalysis;
using Connector.DevAuth.Protocol;

namespace Connector.DevAuth.Clients;

/// <summary>RFC 7591 metadata after validation, with defaults filled in; not yet given a client_id.</summary>
internal sealed record ClientRegistrationDraft(string? ClientName, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> GrantTypes)
{
    public const int MaxRedirectUris = 20;
    public const int MaxUriLength = 2000;
    public const int MaxClientNameLength = 200;

    private static readonly string[] s_supportedGrantTypes = ["authorization_code", "refresh_token"];

    public static bool TryCreate(
        ClientRegistrationRequest request,
        [NotNullWhen(true)] out ClientRegistrationDraft? draft,
        [NotNullWhen(false)] out OAuthErrorResponse? error)
    {
        draft = null;
        if (request.RedirectUris is not { Count: > 0 } redirectUris)
        {
            error = new("invalid_redirect_uri", "redirect_uris is required: a list of at least one absolute https URL or loopback http URL.");
            return false;
        }

        if (redirectUris.Count > MaxRedirectUris)
        {
            error = new("invalid_redirect_uri", $"Register at most {MaxRedirectUris} redirect_uris.");
            return false;
        }

        foreach (var redirectUri in redirectUris)
        {
            if (!RedirectUriRules.IsAcceptable(redirectUri, out var problem))
            {
                error = new("invalid_redirect_uri", problem);
                return false;
            }
        }

        if (request.TokenEndpointAuthMethod is not null and not "none")
        {
            error = new("invalid_client_metadata", "token_endpoint_auth_method must be \"none\": this server registers public clients only, which prove themselves with PKCE.");
            return false;
        }

        var grantTypes = request.GrantTypes ?? ["authorization_code", "refresh_token"];
        if (grantTypes.Count == 0 || grantTypes.Any(g => !s_supportedGrantTypes.Contains(g, StringComparer.Ordinal)))
        {
            error = new("invalid_client_metadata", "grant_types may list only authorization_code and refresh_token.");
            return false;
        }

        if (!grantTypes.Contains("authorization_code", StringComparer.Ordinal))
        {
            error = new("invalid_client_metadata", "grant_types must include authorization_code, the only way to obtain a first token here.");
            return false;
        }

        if (request.ResponseTypes is { } responseTypes && (responseTypes.Count == 0 || responseTypes.Any(r => r != "code")))
        {
            error = new("invalid_client_metadata", "response_types may list only code.");
            return false;
        }

        var clientName = string.IsNullOrWhiteSpace(request.ClientName) ? null : request.ClientName.Trim();
        if (clientName is { Length: > MaxClientNameLength })
        {
            error = new("invalid_client_metadata", $"client_name must be at most {MaxClientNameLength} characters.");
            return false;
        }

        error = null;
        draft = new ClientRegistrationDraft(clientName, [.. redirectUris.Distinct(StringComparer.Ordinal)], [.. grantTypes.Distinct(StringComparer.Ordinal)]);
        return true;
    }
}
