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

/// <summary>Keeps every log line a server writes, with exceptions, for <see cref="LogWitness"/>.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private void Append(string line)
    {
        lock (_text)
        {
            _text.AppendLine(line);
        }
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Append($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
