using System.Security.Cryptography;

namespace Connector.DevAuth.Keys;

/// <summary>
/// The current signing key and the one it replaced, as kept in the key directory. A rotation by the
/// <c>rotate-key</c> command is picked up without a restart: the current file's last-write time is compared at most
/// once per <see cref="CheckInterval"/>, so signing a token never waits on the file system more than that.
/// </summary>
// IdentityModel refreshes only keys it fetches over HTTP (ConfigurationManager); it has nothing that serves or watches key files.
internal sealed class SigningKeyRing
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _directory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SigningKeyRing> _logger;
    private readonly Lock _reloading = new();
    private volatile Snapshot _snapshot;
    private long _nextCheckTicks;

    public SigningKeyRing(string directory, TimeProvider timeProvider, ILogger<SigningKeyRing> logger)
    {
        _directory = directory;
        _timeProvider = timeProvider;
        _logger = logger;
        _snapshot = Read();
        _nextCheckTicks = timeProvider.GetTimestamp() + ToTimestampTicks(CheckInterval);
    }

    /// <summary>Every token is signed with this one.</summary>
    public DevSigningKey Current => Fresh().Current;

    /// <summary>Current first, then the previous key if a rotation left one: what /jwks.json publishes.</summary>
    public IReadOnlyList<DevSigningKey> Published => Fresh().Published;

    private Snapshot Fresh()
    {
        var now = _timeProvider.GetTimestamp();
        if (now < Interlocked.Read(ref _nextCheckTicks))
        {
            return _snapshot;
        }

        lock (_reloading)
        {
            if (now < _nextCheckTicks)
            {
                return _snapshot;
            }

            _nextCheckTicks = now + ToTimestampTicks(CheckInterval);
            var snapshot = _snapshot;
            if (LastWrite() == snapshot.CurrentWrittenAt)
            {
                return snapshot;
            }

            try
            {
                var reloaded = Read();
                _snapshot = reloaded;
                DevAuthLog.SigningKeysReloaded(_logger, reloaded.Current.KeyId, reloaded.Published.Count > 1 ? reloaded.Published[1].KeyId : null);
                return reloaded;
            }
            catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException)
            {
                // Keep signing with the keys already loaded: a broken file must not stop the service mid-session.
                DevAuthLog.SigningKeysReloadFailed(_logger, _directory, problem.Message);
                _snapshot = snapshot with { CurrentWrittenAt = LastWrite() };
                return snapshot;
            }
        }
    }

    private Snapshot Read()
    {
        // The write time is taken before reading, so a rotation landing in between is seen on the next check.
        var writtenAt = LastWrite();
        var current = DevSigningKey.LoadOrCreate(_directory);
        var previous = DevSigningKey.LoadPrevious(_directory);
        DevSigningKey[] published = previous is null || previous.KeyId == current.KeyId ? [current] : [current, previous];
        return new Snapshot(current, published, writtenAt);
    }

    private DateTime LastWrite() => File.GetLastWriteTimeUtc(DevSigningKey.KeyFilePath(_directory));

    private long ToTimestampTicks(TimeSpan interval) => (long)(interval.TotalSeconds * _timeProvider.TimestampFrequency);

    private sealed record Snapshot(DevSigningKey Current, IReadOnlyList<DevSigningKey> Published, DateTime CurrentWrittenAt);
}
