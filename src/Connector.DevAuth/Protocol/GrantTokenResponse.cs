using System.Text.Json.Serialization;

namespace Connector.DevAuth.Protocol;

/// <summary>
/// The RFC 6749 section 5.1 body for the real grants. Kept apart from <see cref="TokenResponse"/> so the curl
/// shortcut's answer stays exactly as scripts already parse it.
/// </summary>
internal sealed record GrantTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("scope")] string Scope);
