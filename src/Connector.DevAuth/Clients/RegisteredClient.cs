namespace Connector.DevAuth.Clients;

/// <summary>A public client (no secret) as registered through RFC 7591.</summary>
internal sealed record RegisteredClient(
    string ClientId,
    string? ClientName,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> GrantTypes,
    DateTimeOffset IssuedAt)
{
    /// <summary>Exact string comparison, as OAuth 2.1 requires: no prefix, case or normalization leniency.</summary>
    public bool AllowsRedirectTo(string redirectUri) => RedirectUris.Contains(redirectUri, StringComparer.Ordinal);

    public bool AllowsGrant(string grantType) => GrantTypes.Contains(grantType, StringComparer.Ordinal);
}
