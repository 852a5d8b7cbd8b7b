using System.Buffers.Text;
using System.Security.Cryptography;

namespace Connector.DevAuth.Try;

/// <summary>
/// The /try demo's half-finished sign-ins, keyed by state. The verifier never leaves this process: the browser only
/// ever sees the challenge, as a real confidential web app would arrange it. DEV ONLY, in memory.
/// </summary>
internal sealed class TryLogins(TimeProvider timeProvider)
{
    // Long enough to read the consent page; a page left open longer simply starts again from /try.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Bounds what repeated visits to /try can make this process hold.
    private const int MaxPending = 1_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TryLogin> _pending = new(StringComparer.Ordinal);

    /// <summary>The demo client, registered on first use so a restart (which forgets every client) needs nothing.</summary>
    public string? ClientId { get; set; }

    /// <summary>A fresh state, or null when too many demo sign-ins are open.</summary>
    public string? Start(string verifier, string resource)
    {
        var now = timeProvider.GetUtcNow();
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            foreach (var expired in _pending.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList())
            {
                _pending.Remove(expired);
            }

            if (_pending.Count >= MaxPending)
            {
                return null;
            }

            _pending[state] = new TryLogin(verifier, resource, now + Lifetime);
        }

        return state;
    }

    /// <summary>Takes the sign-in for a state once; a replayed or stale callback finds nothing.</summary>
    public TryLogin? Take(string? state)
    {
        if (state is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _pending.Remove(state, out var login) && login.ExpiresAt > timeProvider.GetUtcNow() ? login : null;
        }
    }
}
