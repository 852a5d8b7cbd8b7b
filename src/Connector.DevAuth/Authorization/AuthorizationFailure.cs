namespace Connector.DevAuth.Authorization;

/// <summary>
/// Why an authorization request was refused. Without a trusted <see cref="RedirectUri"/> the person sees an error
/// page: redirecting to an unverified address would make this server an open redirector (RFC 6749 section 4.1.2.1).
/// </summary>
internal sealed record AuthorizationFailure(string Error, string Description, string? RedirectUri, string? State);
