namespace Connector.DevAuth.Authorization;

/// <summary>A GET /authorize request that passed every check, waiting for the person's decision.</summary>
internal sealed record AuthorizationRequest(
    string ClientId,
    string? ClientName,
    string RedirectUri,
    string? State,
    string CodeChallenge,
    string Resource,
    string Scope);
