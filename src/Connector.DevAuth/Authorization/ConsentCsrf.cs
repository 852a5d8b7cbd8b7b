using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Connector.DevAuth.Authorization;

/// <summary>
/// The consent form's anti-forgery token: an HMAC over the pending request's id under a key that lives only in this
/// process, so a page on another site can neither compute it nor reuse one from a different request. It is also set
/// as a SameSite=Strict cookie, which a cross-site form post does not carry.
/// </summary>
internal sealed class ConsentCsrf
{
    public const string FormField = "csrf_token";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public static string CookieName(string requestId) => "devauth_csrf_" + requestId;

    public string TokenFor(string requestId) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("consent:" + requestId)));

    public bool IsValid(string requestId, string? formToken, string? cookieToken)
    {
        if (string.IsNullOrEmpty(formToken) || string.IsNullOrEmpty(cookieToken))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(TokenFor(requestId));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(formToken))
            & CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(cookieToken));
    }
}
