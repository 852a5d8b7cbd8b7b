namespace Connector.DevAuth.Protocol;

/// <summary>The RFC 6749 section 5.1 success body.</summary>
internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
