using System.Buffers.Text;

namespace Connector.DevAuth.Keys;

/// <summary>
/// RFC 7518 writes RSA integers as base64url without leading zero octets, while .NET's RSAParameters
/// needs each one at its full fixed length; this converts between the two.
/// </summary>
internal static class JwkInteger
{
    public static string Encode(byte[] value)
    {
        var firstSignificant = 0;
        while (firstSignificant < value.Length - 1 && value[firstSignificant] == 0)
        {
            firstSignificant++;
        }

        return Base64Url.EncodeToString(value.AsSpan(firstSignificant));
    }

    public static byte[] Decode(string? encoded, string member)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            throw new InvalidDataException($"the key has no \"{member}\" member.");
        }

        try
        {
            return Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException notBase64Url)
        {
            throw new InvalidDataException($"the key's \"{member}\" member is not base64url.", notBase64Url);
        }
    }

    public static byte[] DecodeToLength(string? encoded, string member, int length)
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
