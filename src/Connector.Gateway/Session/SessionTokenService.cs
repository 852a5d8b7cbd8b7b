using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Session;

/// <summary>
/// Mints and checks the app-level session token: <c>cs1.{payload}.{HMAC-SHA256}</c>, where the payload is
/// <c>{userHash}.{issuedAt}.{expiresAt}.{nonce}</c>. It is bound to the verified <c>sub</c> through a hash
/// (the AI carries the token, so it need not carry the user's id), and stateless: any instance holding
/// the same secret accepts it.
/// </summary>
public sealed class SessionTokenService(IOptions<SessionTokenOptions> options, TimeProvider time)
{
    private const string Prefix = "cs1.";
    private const int MaxTokenLength = 512;
    // The label keeps its original bytes on purpose: it is hashed into every session token, so changing it would
    // turn each token minted before the change (and by an older instance during a rolling deploy) into "another user".
    private static readonly byte[] s_userHashLabel = "connector-session-reader:"u8.ToArray();

    public string Mint(string subject, out DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        expiresAt = now + options.Value.Lifetime;
        var payload = string.Join('.',
            UserHash(subject),
            now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9)));
        var body = Prefix + payload;
        return body + "." + Base64Url.EncodeToString(Sign(options.Value.Secrets[0], body));
    }

    public SessionCheck Check(string? token, string subject)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return SessionCheck.Missing;
        }

        if (token.Length > MaxTokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return SessionCheck.Malformed;
        }

        var lastDot = token.LastIndexOf('.');
        if (lastDot <= Prefix.Length)
        {
            return SessionCheck.Malformed;
        }

        var body = token[..lastDot];
        var parts = body[Prefix.Length..].Split('.');
        if (parts.Length != 4
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !TryDecode(token[(lastDot + 1)..], out var signature))
        {
            return SessionCheck.Malformed;
        }

        if (!options.Value.Secrets.Any(secret => CryptographicOperations.FixedTimeEquals(Sign(secret, body), signature)))
        {
            return SessionCheck.BadSignature;
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return SessionCheck.Expired;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parts[0]), Encoding.UTF8.GetBytes(UserHash(subject)))
            ? SessionCheck.Valid
            : SessionCheck.OtherUser;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        bytes = bytes[..written];
        return true;
    }

    private static byte[] Sign(byte[] secret, string body) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(body));

    private static string UserHash(string subject)
    {
        var input = new byte[s_userHashLabel.Length + Encoding.UTF8.GetByteCount(subject)];
        s_userHashLabel.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(subject, input.AsSpan(s_userHashLabel.Length));
        return Base64Url.EncodeToString(SHA256.HashData(input).AsSpan(0, 16));
    }
}
