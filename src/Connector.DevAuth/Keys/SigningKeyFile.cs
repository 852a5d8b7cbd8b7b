namespace Connector.DevAuth.Keys;

/// <summary>The private RSA JWK (RFC 7517 / RFC 7518 section 6.3) as stored in signing-key.json.</summary>
internal sealed record SigningKeyFile(
    string? Kty,
    string? N,
    string? E,
    string? D,
    string? P,
    string? Q,
    string? Dp,
    string? Dq,
    string? Qi,
    string? Kid,
    string? Alg,
    string? Use);
