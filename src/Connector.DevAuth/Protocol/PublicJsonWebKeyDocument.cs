using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Protocol;

/// <summary>
/// Exactly the public members of an RSA signing key. Serializing <see cref="JsonWebKey"/> directly
/// would also emit its helper properties and empty collections.
/// </summary>
internal sealed record PublicJsonWebKeyDocument(string Kty, string Use, string Alg, string Kid, string N, string E)
{
    public static PublicJsonWebKeyDocument From(JsonWebKey publicKey) =>
        new(publicKey.Kty, publicKey.Use, publicKey.Alg, publicKey.Kid, publicKey.N, publicKey.E);
}
