using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Connector.TestKit;

/// <summary>
/// A private, throwaway PostgreSQL server for tests, started from the machine's server binaries
/// (Debian's <c>postgresql</c> package; <c>PG_BIN</c> overrides where they are). Tests own it, so they can
/// stop and start it to cause a real outage. As root it runs as the <c>postgres</c> user, since PostgreSQL
/// refuses to run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly Lazy<(string? Bin, string? Why)> s_binaries = new(FindBinaries);

    private readonly string _directory;

    private PostgresCluster(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    /// <summary>Why PostgreSQL tests can't run here, or null when they can.</summary>
    public static string? UnavailableReason => s_binaries.Value.Why;

    public int Port { get; }

    /// <summary>A DATABASE_URL for a database on this server.</summary>
    public string Url(string database = "postgres") => $"postgresql://postgres@127.0.0.1:{Port}/{database}";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = s_binaries.Value.Bin ?? throw new InvalidOperationException(UnavailableReason);
        var directory = Directory.CreateTempSubdirectory("reading-room-pg-").FullName;
        await RunAsync("chown", $"postgres {directory}", null, asPostgres: false, allowFailure: true);
        var cluster = new PostgresCluster(directory, FreeLoopbackPort());
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {cluster.DataDirectory} -U postgres -A trust -E UTF8 --no-sync", null, asPostgres: true);
        await cluster.StartServerAsync();
        return cluster;
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Starts (or restarts after <see cref="StopServerAsync"/>) the server and waits until it accepts connections.</summary>
    public Task StartServerAsync() => RunAsync(
        Path.Combine(s_binaries.Value.Bin!, "pg_ctl"),
        $"-D {DataDirectory} -l {Path.Combine(_directory, "server.log")} -w -t 60 -o \"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start",
        null, asPostgres: true);

    /// <summary>Stops the server the way an outage would: connections drop, new ones are refused.</summary>
    public Task StopServerAsync() => RunAsync(Path.Combine(s_binaries.Value.Bin!, "pg_ctl"), $"-D {DataDirectory} -m fast -w stop", null, asPostgres: true);

    /// <summary>
    /// Freezes the server (SIGSTOP to it and its backends): connections stay open but nothing answers, as in
    /// a network partition. Unlike a clean stop, only timeouts can notice this.
    /// </summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        var postmaster = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim();
        await RunAsync("pkill", $"-{signal} -P {postmaster}", null, asPostgres: false, allowFailure: true);
        await RunAsync("kill", $"-{signal} {postmaster}", null, asPostgres: false);
    }

    /// <summary>Creates an empty database and returns its DATABASE_URL.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "rr_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return Url(name);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static (string? Bin, string? Why) FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BIN");
        var candidates = configured is { Length: > 0 }
            ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).ToArray()
                : [];
        var bin = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (bin is null)
        {
            return (null, "PostgreSQL tests skipped: no PostgreSQL server binaries (initdb, pg_ctl) found in /usr/lib/postgresql/*/bin or PG_BIN. Install them with `apt-get install postgresql` (.ci/run does).");
        }

        if (Environment.UserName == "root" && !File.Exists("/usr/sbin/runuser"))
        {
            return (null, "PostgreSQL tests skipped: running as root, PostgreSQL must run as the postgres user, and runuser is missing.");
        }

        return (bin, null);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string arguments, string? workingDirectory, bool asPostgres, bool allowFailure = false)
    {
        var asRoot = Environment.UserName == "root";
        var start = asPostgres && asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = workingDirectory ?? Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {arguments} failed ({process.ExitCode}): {await error} {await output}");
        }
    }
}
