using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Connector.TestKit;

/// <summary>
/// Watches every gateway of the whole test run: each one's logs are kept, and when it stops they are searched
/// for every secret the run has handled so far — bearer tokens minted or forged, session tokens handed out,
/// signing secrets. One leak anywhere fails the test that owned that gateway.
/// </summary>
public static class LogWitness
{
    private static readonly ConcurrentDictionary<string, byte> s_secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret; a JWT's signature part is remembered too, so a cut-down copy is caught.</summary>
    public static void Remember(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 16)
        {
            return;
        }

        s_secrets.TryAdd(secret, 0);
        var lastDot = secret.LastIndexOf('.');
        if (lastDot > 0 && secret.Length - lastDot > 20)
        {
            s_secrets.TryAdd(secret[(lastDot + 1)..], 0);
        }
    }

    /// <summary>The first remembered secret found in <paramref name="text"/>, or null: for any text a server sends out.</summary>
    public static string? FindSecretIn(string text) =>
        s_secrets.Keys.FirstOrDefault(secret => text.Contains(secret, StringComparison.Ordinal));

    /// <summary>Throws naming the kind of leak (never the secret itself) when any remembered secret is in the logs.</summary>
    public static void AssertNoSecretIn(LogRecorder logs, string owner)
    {
        var text = logs.Text;
        var leaked = FindSecretIn(text);
        if (leaked is not null)
        {
            var line = text.Split('\n').First(l => l.Contains(leaked, StringComparison.Ordinal)).Replace(leaked, "<secret>", StringComparison.Ordinal);
            throw new InvalidOperationException($"{owner} logged a secret ({leaked.Length} characters) in: {line[..Math.Min(line.Length, 400)]}");
        }
    }
}

/// <summary>One log entry: its message, and everything else in it that could carry a secret (structured values, exception).</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, string Text);

/// <summary>
/// Keeps every entry a server logs, for <see cref="LogWitness"/>: the message, the structured values behind it, the
/// exception, and the scopes entries are written in (logged as entries of their own, at level None).
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Every entry, a line (or more, with an exception) each.</summary>
    public string Text => string.Join("\n", Entries.Select(e => $"{e.Level} {e.Category}: {e.Text}"));

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Add(new LogEntry(category, LogLevel.None, "scope", "scope: " + Describe(state)));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var text = new StringBuilder(message).Append(' ').Append(Describe(state));
            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            owner.Add(new LogEntry(category, logLevel, message, text.ToString()));
        }

        private static string Describe<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
    }
}
