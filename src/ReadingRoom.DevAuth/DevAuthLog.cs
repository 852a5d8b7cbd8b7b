namespace ReadingRoom.DevAuth;

internal static partial class DevAuthLog
{
    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "DEV-ONLY SIGN-IN SERVICE: it signs a real access token for anyone who asks. Use it for local development and tests only; never expose it or trust it in production. Issuer {Issuer}, key {KeyId} from {KeyFile}.")]
    public static partial void DevOnlyWarning(ILogger logger, string issuer, string keyId, string keyFile);

    // The token itself is never logged: it is a bearer credential until it expires.
    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Information,
        Message = "Issued dev access token {TokenId} for sub {Subject}, aud {Audience}, expiring {ExpiresAt:O}.")]
    public static partial void IssuedAccessToken(ILogger logger, string tokenId, string subject, string audience, DateTimeOffset expiresAt);
}
