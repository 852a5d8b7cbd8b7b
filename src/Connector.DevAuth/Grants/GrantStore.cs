using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Connector.DevAuth.Grants;

/// <summary>
/// Authorization codes and refresh tokens. DEV ONLY: held in this process's memory, so a restart signs everyone out.
/// Only SHA-256 hashes of codes and tokens are kept as keys, so nothing here can be replayed from a memory dump.
/// Every refresh token belongs to a family started by one code; replaying a used code or a rotated refresh token
/// revokes the whole family (OAuth 2.1 section 4.3.1), because one of the two parties holding it is an attacker.
/// </summary>
internal sealed class GrantStore(TimeProvider timeProvider)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(1);

    // A redeemed code is remembered past its lifetime so a late replay is still recognised and revokes its family.
    private static readonly TimeSpan RedeemedCodeMemory = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, CodeEntry> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshEntry> _refreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedFamilies = new(StringComparer.Ordinal);

    public string IssueCode(AuthorizationGrant grant)
    {
        var code = NewSecret();
        lock (_gate)
        {
            Purge();
            _codes[Hash(code)] = new CodeEntry(grant, timeProvider.GetUtcNow() + CodeLifetime);
        }

        return code;
    }

    /// <summary>
    /// Redeems a code once. <paramref name="check"/> sees the grant before it is consumed and returns a problem
    /// when the request does not match it; a mismatch leaves the code for its rightful holder.
    /// </summary>
    public bool TryRedeemCode(
        string code,
        Func<AuthorizationGrant, string?> check,
        [NotNullWhen(true)] out AuthorizationGrant? grant,
        [NotNullWhen(true)] out string? refreshToken,
        [NotNullWhen(false)] out string? problem,
        out bool replayed)
    {
        grant = null;
        refreshToken = null;
        replayed = false;
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_codes.TryGetValue(Hash(code), out var entry))
            {
                problem = "The authorization code is unknown, expired or already used.";
                return false;
            }

            if (entry.FamilyId is not null)
            {
                _revokedFamilies.Add(entry.FamilyId);
                replayed = true;
                problem = "The authorization code was already used; the tokens it issued are revoked.";
                return false;
            }

            if (entry.ExpiresAt <= now)
            {
                problem = "The authorization code is unknown, expired or already used.";
                return false;
            }

            problem = check(entry.Grant);
            if (problem is not null)
            {
                return false;
            }

            entry.FamilyId = NewSecret();
            entry.ExpiresAt = now + RedeemedCodeMemory;
            grant = entry.Grant;
            refreshToken = AddRefreshToken(entry.FamilyId, grant, now);
            return true;
        }
    }

    /// <summary>The grant behind a refresh token, without using it up; null when it is unknown.</summary>
    public AuthorizationGrant? FindRefreshGrant(string refreshToken)
    {
        lock (_gate)
        {
            return _refreshTokens.TryGetValue(Hash(refreshToken), out var entry) ? entry.Grant : null;
        }
    }

    /// <summary>Exchanges a refresh token for its successor; the old one is dead from now on.</summary>
    public bool TryRotateRefreshToken(
        string refreshToken,
        string clientId,
        [NotNullWhen(true)] out AuthorizationGrant? grant,
        [NotNullWhen(true)] out string? nextRefreshToken,
        [NotNullWhen(false)] out string? problem,
        out bool replayed)
    {
        grant = null;
        nextRefreshToken = null;
        replayed = false;
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(Hash(refreshToken), out var entry) || entry.ExpiresAt <= now)
            {
                problem = "The refresh token is unknown or expired.";
                return false;
            }

            if (!string.Equals(entry.Grant.ClientId, clientId, StringComparison.Ordinal))
            {
                problem = "The refresh token was issued to another client.";
                return false;
            }

            if (entry.Used)
            {
                _revokedFamilies.Add(entry.FamilyId);
                replayed = true;
                problem = "The refresh token was already used; every token of this sign-in is now revoked.";
                return false;
            }

            if (_revokedFamilies.Contains(entry.FamilyId))
            {
                problem = "The refresh token was revoked.";
                return false;
            }

            entry.Used = true;
            problem = null;
            grant = entry.Grant;
            nextRefreshToken = AddRefreshToken(entry.FamilyId, grant, now);
            return true;
        }
    }

    private string AddRefreshToken(string familyId, AuthorizationGrant grant, DateTimeOffset now)
    {
        var token = NewSecret();
        _refreshTokens[Hash(token)] = new RefreshEntry(familyId, grant, now + RefreshTokenLifetime);
        return token;
    }

    /// <summary>Called under the lock on every new code, which keeps memory bounded without a timer.</summary>
    private void Purge()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var key in _codes.Where(c => c.Value.ExpiresAt <= now).Select(c => c.Key).ToList())
        {
            _codes.Remove(key);
        }

        foreach (var key in _refreshTokens.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList())
        {
            _refreshTokens.Remove(key);
        }
    }

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private sealed class CodeEntry(AuthorizationGrant grant, DateTimeOffset expiresAt)
    {
        public AuthorizationGrant Grant { get; } = grant;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        /// <summary>Set once redeemed: the family of refresh tokens this code started.</summary>
        public string? FamilyId { get; set; }
    }

    private sealed class RefreshEntry(string familyId, AuthorizationGrant grant, DateTimeOffset expiresAt)
    {
        public string FamilyId { get; } = familyId;

        public AuthorizationGrant Grant { get; } = grant;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool Used { get; set; }
    }
}
