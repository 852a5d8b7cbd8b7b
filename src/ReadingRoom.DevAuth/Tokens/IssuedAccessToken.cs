namespace ReadingRoom.DevAuth.Tokens;

internal sealed record IssuedAccessToken(string Token, TimeSpan Lifetime);
