namespace Connector.DevAuth.Tokens;

internal sealed record IssuedAccessToken(string Token, TimeSpan Lifetime);
