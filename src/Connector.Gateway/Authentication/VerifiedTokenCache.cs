using System.Collections.Concurrent;
using System.Security.Claims;

namespace Connector.Gateway.Authentication;

/// <summary>
/// Remembers bearer tokens that passed every check, so a user's next call costs a dictionary lookup
/// instead of a signature verification. An entry is used only while the token has not expired and while
/// the signing keys it was checked against are still the ones in force: when the JWKS is re-fetched (a key
/// rotated or retired) or due for its periodic refresh, the token is checked again from scratch.
/// Failures are never remembered, so a bad token is always re-examined. Ours because JwtBearer verifies the
/// signature of every request and has no such memory; it is consulted in <see cref="BearerTokenEvents"/>.
/// </summary>
internal sealed class VerifiedTokenCache(TimeProvider time)
{
    /// <summary>Enough for every user active within a token's lifetime on one instance, small enough to bound memory.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string token, object keyGeneration, out ClaimsPrincipal principal, out DateTimeOffset validTo)
    {
        if (_entries.TryGetValue(token, out var entry)
            && ReferenceEquals(entry.KeyGeneration, keyGeneration)
            && time.GetUtcNow() < entry.ValidTo)
        {
            (principal, validTo) = (entry.Principal, entry.ValidTo);
            return true;
        }

        (principal, validTo) = (null!, default);
        return false;
    }

    public void Add(string token, object keyGeneration, ClaimsPrincipal principal, DateTimeOffset validTo)
    {
        if (_entries.Count >= Capacity)
        {
            Evict();
        }

        _entries[token] = new Entry(keyGeneration, principal, validTo);
    }

    /// <summary>Drops what has expired or was checked against old keys; if that frees too little, starts over.</summary>
    private void Evict()
    {
        var now = time.GetUtcNow();
        foreach (var (token, entry) in _entries)
        {
            if (entry.ValidTo <= now)
            {
                _entries.TryRemove(token, out _);
            }
        }

        if (_entries.Count >= Capacity * 3 / 4)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(object KeyGeneration, ClaimsPrincipal Principal, DateTimeOffset ValidTo);
}
