using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Gateway.Authentication;

/// <summary>
/// The issuer's published signing keys, cached and chosen by <c>kid</c>. An unknown kid causes at most
/// one re-fetch per <see cref="ResourceServerOptions.JwksMinRefetchInterval"/>, so key rotation is picked up
/// without a restart while a stream of forged kids can't turn the gateway into a load generator.
/// When the issuer is unreachable the cached keys keep working.
/// </summary>
internal sealed partial class JwksKeySource(
    IHttpClientFactory httpClients,
    IOptions<ResourceServerOptions> options,
    TimeProvider time,
    ILogger<JwksKeySource> logger) : IDisposable
{
    public const string HttpClientName = "connector-jwks";
    private const int MaxJwksBytes = 256 * 1024;

    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private volatile KeySnapshot? _snapshot;
    private long _lastFetchAttempt = long.MinValue;

    /// <summary>
    /// An opaque marker of the keys in force: it changes whenever the keys are re-fetched, and is null when
    /// none are held or they are due for their periodic refresh. What was verified under one marker must be
    /// verified again under another.
    /// </summary>
    public object? CurrentGeneration =>
        _snapshot is { } snapshot && IsFresh(snapshot) ? snapshot : null;

    /// <summary>The keys that may have signed a token with this kid (all keys when it names none), and their generation.</summary>
    public async ValueTask<(IReadOnlyList<SecurityKey> Keys, object Generation)> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        var stale = snapshot is null || !IsFresh(snapshot);
        var unknownKid = keyId is not null && snapshot is not null && !snapshot.ById.ContainsKey(keyId);
        var keys = stale || (unknownKid && MayRefetch())
            ? await RefreshAsync(snapshot, cancellationToken)
            : snapshot!;

        if (keyId is null)
        {
            return (keys.Keys, keys);
        }

        return (keys.ById.TryGetValue(keyId, out var key) ? [key] : [], keys);
    }

    public void Dispose() => _fetchLock.Dispose();

    private bool IsFresh(KeySnapshot snapshot) => time.GetUtcNow() - snapshot.FetchedAt <= options.Value.JwksRefreshInterval;

    private bool MayRefetch() =>
        time.GetTimestamp() - Interlocked.Read(ref _lastFetchAttempt) >= options.Value.JwksMinRefetchInterval.TotalSeconds * time.TimestampFrequency
        || Interlocked.Read(ref _lastFetchAttempt) == long.MinValue;

    private async Task<KeySnapshot> RefreshAsync(KeySnapshot? seen, CancellationToken cancellationToken)
    {
        await _fetchLock.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_snapshot is { } current && !ReferenceEquals(current, seen))
            {
                return current;
            }

            Interlocked.Exchange(ref _lastFetchAttempt, time.GetTimestamp());
            try
            {
                var fresh = await FetchAsync(cancellationToken);
                _snapshot = fresh;
                LogKeysFetched(logger, fresh.Keys.Length);
                return fresh;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException)
            {
                if (seen is not null)
                {
                    // Keep serving with the keys we already trust rather than locking every reader out.
                    LogFetchFailedUsingCache(logger, ex.GetType().Name);
                    return seen;
                }

                LogFetchFailed(logger, ex.GetType().Name);
                throw new SigningKeysUnavailableException("The sign-in service's signing keys could not be fetched.", ex);
            }
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    private async Task<KeySnapshot> FetchAsync(CancellationToken cancellationToken)
    {
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.GetAsync(options.Value.JwksUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxJwksBytes)
        {
            throw new InvalidOperationException("JWKS document too large.");
        }

        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        if (json.Length > MaxJwksBytes)
        {
            throw new InvalidOperationException("JWKS document too large.");
        }

        var keys = new JsonWebKeySet(json).GetSigningKeys();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("JWKS document holds no usable signing key.");
        }

        return new KeySnapshot(keys.ToArray(), time.GetUtcNow());
    }

    private sealed class KeySnapshot(SecurityKey[] keys, DateTimeOffset fetchedAt)
    {
        public SecurityKey[] Keys { get; } = keys;
        public DateTimeOffset FetchedAt { get; } = fetchedAt;
        public Dictionary<string, SecurityKey> ById { get; } = keys
            .Where(k => !string.IsNullOrEmpty(k.KeyId))
            .GroupBy(k => k.KeyId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} signing key(s) from the issuer's JWKS.")]
    private static partial void LogKeysFetched(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JWKS fetch failed ({Reason}); still using the cached signing keys.")]
    private static partial void LogFetchFailedUsingCache(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "JWKS fetch failed ({Reason}) and no signing keys are cached: every call fails closed with 503.")]
    private static partial void LogFetchFailed(ILogger logger, string reason);
}
