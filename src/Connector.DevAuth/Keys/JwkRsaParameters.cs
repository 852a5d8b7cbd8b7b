using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Keys;

/// <summary>
/// A private RSA JWK as the <see cref="RSAParameters"/> .NET imports. RFC 7518 writes each integer without leading
/// zero octets, while RSA.ImportParameters needs d at the modulus' length and p, q, dp, dq and qi at half of it.
/// </summary>
internal static class JwkRsaParameters
{
    // IdentityModel's own conversion (JsonWebKeyConverter.TryConvertToSecurityKey) does not pad, so about one minimally written key in 64 would not import.
    public static RSAParameters From(JsonWebKey stored)
    {
        if (stored.Kty != JsonWebAlgorithmsKeyTypes.RSA)
        {
            throw new InvalidDataException($"its kty is \"{stored.Kty}\", not \"RSA\".");
        }

        var modulus = Decode(stored.N, "n");
        if (modulus.Length * 8 < DevSigningKey.KeySizeInBits)
        {
            throw new InvalidDataException($"the key is shorter than {DevSigningKey.KeySizeInBits} bits.");
        }

        var halfLength = (modulus.Length + 1) / 2;
        var parameters = new RSAParameters
        {
            Modulus = modulus,
            Exponent = Decode(stored.E, "e"),
            D = DecodeToLength(stored.D, "d", modulus.Length),
            P = DecodeToLength(stored.P, "p", halfLength),
            Q = DecodeToLength(stored.Q, "q", halfLength),
            DP = DecodeToLength(stored.DP, "dp", halfLength),
            DQ = DecodeToLength(stored.DQ, "dq", halfLength),
            InverseQ = DecodeToLength(stored.QI, "qi", halfLength),
        };

        // Importing checks that the parts belong together, so a damaged file fails here rather than at signing.
        using var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return parameters;
    }

    /// <summary>The integer without leading zero octets, so n and e, and with them the kid, are the same however they were written.</summary>
    private static byte[] Decode(string? encoded, string member)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            throw new InvalidDataException($"the key has no \"{member}\" member.");
        }

        byte[] value;
        try
        {
            value = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException notBase64Url)
        {
            throw new InvalidDataException($"the key's \"{member}\" member is not base64url.", notBase64Url);
        }

        var firstSignificant = value.AsSpan().IndexOfAnyExcept((byte)0);
        return firstSignificant <= 0 ? value : value[firstSignificant..];
    }

    private static byte[] DecodeToLength(string? encoded, string member, int length)
    {
        var value = Decode(encoded, member);
        if (value.Length > length)
        {
            throw new InvalidDataException($"the key's \"{member}\" member is longer than the modulus allows.");
        }

        if (value.Length == length)
        {
            return value;
        }

        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }
}
