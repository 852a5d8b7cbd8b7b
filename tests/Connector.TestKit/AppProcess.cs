using System.Diagnostics;
using System.Net;
using System.Text;

namespace Connector.TestKit;

/// <summary>
/// An app on the skeleton as a real OS process (<c>dotnet ReadingRoom.App.dll</c>, say), configured only by
/// environment variables, as a container or a host's process manager runs it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _console = new();

    private AppProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The build output the test project carries (it references the app), usable as a content root.</summary>
    public static string BuildOutput => AppContext.BaseDirectory;

    public string Console
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Runs the app whose entry point is <typeparamref name="TEntryPoint"/> (its <c>Program</c>) from
    /// <paramref name="directory"/>, a build or publish output holding its assembly, with <paramref name="arguments"/>
    /// after the assembly on its command line (e.g. <c>--write-skill</c>).
    /// </summary>
    public static AppProcess Start<TEntryPoint>(string directory, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? arguments = null)
        where TEntryPoint : class
    {
        // The same dotnet that runs the tests, not whichever one PATH finds first.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(TEntryPoint).Assembly.GetName().Name + ".dll");
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DATABASE_URL", "AUTH_DISABLED", "RESOURCE_URL" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new AppProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the process to end by itself (it should, within the limit) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Polls <c>/healthz</c> until it answers 200, failing fast if the process dies.</summary>
    public async Task WaitUntilLiveAsync(Uri origin, TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = origin };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode}: {Console}");
            }

            try
            {
                using var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (live.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The app did not answer /healthz within {limit}: {Console}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_console)
        {
            _console.AppendLine(line);
        }
    }
}
