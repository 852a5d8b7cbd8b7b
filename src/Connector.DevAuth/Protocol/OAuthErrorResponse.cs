namespace Connector.DevAuth.Protocol;

/// <summary>The RFC 6749 section 5.2 error body, used for every error this service returns.</summary>
internal sealed record OAuthErrorResponse(string Error, string ErrorDescription);
