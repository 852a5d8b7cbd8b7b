using System.Diagnostics;

namespace Bench.Search;

/// <summary>
/// N callers searching back to back for a fixed time, each taking the next of the fixed queries in turn, every call
/// timed. Each caller is its own thread, not a task: a search runs synchronously to its end (SQLite, the model), and 16
/// such tasks on a two-thread pool would mostly wait for the pool to grow rather than for the search.
/// </summary>
internal static class LoadRun
{
    /// <summary>
    /// Runs the callers from query <paramref name="firstQuery"/> on. A slow mode gets through only some of the queries
    /// in its time, so runs that are compared start at the same one: they then time the same queries, as far as each
    /// gets (the kinds alternate in the list, so any stretch of it has each kind in its share).
    /// </summary>
    public static RunResult Run(IReadOnlyList<Query> queries, Action<string> search, int concurrency, TimeSpan duration, int firstQuery = 0)
    {
        var next = firstQuery - 1;
        var samples = new List<(QueryKind Kind, double Ms)>[concurrency];
        var errors = 0;
        string? firstError = null;
        using var go = new ManualResetEventSlim();
        var deadline = 0L;
        var threads = Enumerable.Range(0, concurrency).Select(t => new Thread(() =>
        {
            var mine = samples[t] = new List<(QueryKind, double)>(4096);
            go.Wait();
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref deadline))
            {
                var query = queries[(int)((uint)Interlocked.Increment(ref next) % (uint)queries.Count)];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    search(query.Text);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                    continue;
                }

                mine.Add((query.Kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            }
        })
        { IsBackground = true, Name = $"search caller {t}" }).ToList();
        threads.ForEach(t => t.Start());
        var other = new OtherCpu();
        var begun = Stopwatch.GetTimestamp();
        Volatile.Write(ref deadline, begun + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        go.Set();
        threads.ForEach(t => t.Join());
        // Calls in flight at the deadline finish and count: the time is until the last of them ends.
        var elapsed = Stopwatch.GetElapsedTime(begun).TotalSeconds;
        return new RunResult([.. samples.SelectMany(s => s)], elapsed, errors, firstError, other.Percent());
    }
}

internal sealed record RunResult(IReadOnlyList<(QueryKind Kind, double Ms)> Samples, double Seconds, int Errors, string? FirstError, double OtherCpuPercent)
{
    public double QueriesPerSecond => Samples.Count / Seconds;
}
