using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Connector.DevAuth.Authorization;

/// <summary>
/// Authorization requests shown on the consent page and not yet decided. Kept server-side, so the form carries only
/// an id and the client's parameters cannot be altered between the page and the decision. DEV ONLY: in memory.
/// </summary>
internal sealed class PendingAuthorizations(TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<string, (AuthorizationRequest Request, DateTimeOffset ExpiresAt)> _pending = new(StringComparer.Ordinal);

    public string? Add(AuthorizationRequest request)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (id, entry) in _pending)
        {
            if (entry.ExpiresAt <= now)
            {
                _pending.TryRemove(id, out _);
            }
        }

        if (_pending.Count >= MaxPending)
        {
            return null;
        }

        var requestId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        _pending[requestId] = (request, now + Lifetime);
        return requestId;
    }

    public AuthorizationRequest? Find(string requestId) =>
        _pending.TryGetValue(requestId, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow() ? entry.Request : null;

    /// <summary>Removes the request so one consent page yields at most one decision.</summary>
    public AuthorizationRequest? Take(string requestId) =>
        _pending.TryRemove(requestId, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow() ? entry.Request : null;
}
