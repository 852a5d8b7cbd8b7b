namespace Connector.DevAuth;

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

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Registered client {ClientId} ({ClientName}) with {RedirectUriCount} redirect URIs.")]
    public static partial void RegisteredClient(ILogger logger, string clientId, string? clientName, int redirectUriCount);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Authorization request refused: {Error}: {Description}")]
    public static partial void AuthorizationRefused(ILogger logger, string error, string description);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Sub {Subject} approved client {ClientId} for {Resource} (scope {Scope}).")]
    public static partial void AuthorizationApproved(ILogger logger, string subject, string clientId, string resource, string scope);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Authorization for client {ClientId} denied on the consent page.")]
    public static partial void AuthorizationDenied(ILogger logger, string clientId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Consent form refused: its anti-forgery token or cookie was missing or wrong.")]
    public static partial void ConsentForgeryRefused(ILogger logger);

    // Only the reason and the client: the code, refresh token and verifier are secrets and never logged.
    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Token request ({GrantType}) from client {ClientId} refused: {Error}: {Description}")]
    public static partial void TokenRequestRefused(ILogger logger, string? grantType, string? clientId, string error, string description);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "A used authorization code or rotated refresh token was replayed by client {ClientId}; its token family is revoked.")]
    public static partial void GrantReplayDetected(ILogger logger, string clientId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Signing keys reloaded after a rotation: signing with {KeyId}, still publishing previous key {PreviousKeyId}.")]
    public static partial void SigningKeysReloaded(ILogger logger, string keyId, string? previousKeyId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The signing keys in {KeyDirectory} changed but could not be loaded ({Problem}); the keys already loaded stay in use.")]
    public static partial void SigningKeysReloadFailed(ILogger logger, string keyDirectory, string problem);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Client metadata document {ClientId} refused: {Problem}")]
    public static partial void ClientMetadataDocumentRefused(ILogger logger, string clientId, string problem);
}
