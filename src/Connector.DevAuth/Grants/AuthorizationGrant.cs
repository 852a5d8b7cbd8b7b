namespace Connector.DevAuth.Grants;

/// <summary>What a person approved: everything a code (and the refresh tokens after it) is bound to.</summary>
internal sealed record AuthorizationGrant(
    string ClientId,
    string RedirectUri,
    string CodeChallenge,
    string Resource,
    string Scope,
    string Subject,
    string? Email);
