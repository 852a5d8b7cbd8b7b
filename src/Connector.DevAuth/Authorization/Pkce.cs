using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Connector.DevAuth.Authorization;

/// <summary>RFC 7636 with S256 only: plain would hand the secret to whoever sees the authorization request.</summary>
internal static class Pkce
{
    public const string S256 = "S256";

    /// <summary>A SHA-256 digest in base64url is always 43 characters.</summary>
    public static bool IsWellFormedChallenge(string value) => value.Length == 43 && value.All(IsBase64UrlCharacter);

    /// <summary>RFC 7636 section 4.1: 43 to 128 unreserved characters.</summary>
    public static bool IsWellFormedVerifier(string value) => value.Length is >= 43 and <= 128 && value.All(IsUnreserved);

    public static bool VerifierMatches(string verifier, string challenge)
    {
        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }

    private static bool IsBase64UrlCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
