namespace Bench.OtlpSink;

/// <summary>What one signal (traces or metrics) has received so far.</summary>
internal sealed class SignalStats
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _byName = new(StringComparer.Ordinal);
    private long _requests;
    private long _bytes;
    private long _items;
    private long _notProtobuf;
    private long _malformed;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    public void Add(long bytes, bool protobuf, Dictionary<string, long>? items)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _requests++;
            _bytes += bytes;
            _first ??= now;
            _last = now;
            if (!protobuf)
            {
                _notProtobuf++;
            }
            else if (items is null)
            {
                _malformed++;
            }
            else
            {
                foreach (var (name, n) in items)
                {
                    _items += n;
                    _byName[name] = _byName.GetValueOrDefault(name) + n;
                }
            }
        }
    }

    public object Snapshot()
    {
        lock (_gate)
        {
            return new
            {
                requests = _requests,
                bytes = _bytes,
                items = _items,
                by_name = new SortedDictionary<string, long>(_byName, StringComparer.Ordinal),
                not_protobuf = _notProtobuf,
                malformed = _malformed,
                first_utc = _first,
                last_utc = _last,
            };
        }
    }
}

/// <summary>Both signals.</summary>
internal sealed class SinkStats
{
    /// <summary>POST /v1/traces; its items are spans, by span name.</summary>
    public SignalStats Traces { get; } = new();

    /// <summary>POST /v1/metrics; its items are data points, by metric name.</summary>
    public SignalStats Metrics { get; } = new();

    public object Snapshot() => new { traces = Traces.Snapshot(), metrics = Metrics.Snapshot() };
}
