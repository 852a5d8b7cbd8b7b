using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.TestKit;

/// <summary>
/// A real app on the skeleton (its <typeparamref name="TEntryPoint"/>, e.g. its <c>Program</c>) on a loopback Kestrel
/// port, wired to a real dev sign-in service through its real JWKS endpoint, with its own SQLite file unless the
/// settings give a <c>DATABASE_URL</c>. Nothing is mocked or bypassed.
/// </summary>
public sealed class GatewayServer<TEntryPoint> : IAsyncDisposable
    where TEntryPoint : class
{
    private readonly TempDirectory _data = new();
    private readonly LogRecorder _logs = new();
    private readonly WebApplicationFactory<TEntryPoint> _factory;

    /// <param name="services">Replaces some of the app's services after it has registered its own (e.g. a stand-in
    /// <c>IConnectorApp</c> with hostile words); null for the app exactly as it ships.</param>
    public GatewayServer(DevAuthServer auth, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development", Action<IServiceCollection>? services = null)
    {
        var port = FreePort.Next();
        Origin = $"http://127.0.0.1:{port}";
        SessionSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        LogWitness.Remember(SessionSecret);
        DatabasePath = Path.Combine(_data.Path, "state.db");
        var all = new Dictionary<string, string?>
        {
            ["urls"] = Origin,
            ["RESOURCE_URL"] = Origin,
            ["AUTH_ISSUER"] = auth.Url,
            ["AUTH_JWKS_URL"] = auth.JwksUrl,
            ["SESSION_SIGNING_SECRET"] = SessionSecret,
            ["SQLITE_PATH"] = DatabasePath,
            ["DATA_DIR"] = _data.Path,
            // The console shows warnings and errors only: at normal test verbosity every server's info lines would
            // bury the results. Other log providers (a test's own) still see everything.
            ["Logging:Console:LogLevel:Default"] = "Warning",
            // The gateway's own Debug lines (one per successful tool call) reach the test's providers too, so the
            // log-secrecy witness reads them as well.
            ["Logging:LogLevel:Connector.Gateway"] = "Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            foreach (var (key, value) in all)
            {
                web.UseSetting(key, value);
            }

            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });
        _factory.UseKestrel(port);
        try
        {
            _factory.StartServer();
            _factory.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        }
        catch
        {
            // A start that fails (the tests of bad settings want it to) must not leak the host or the folder.
            _factory.Dispose();
            _data.Dispose();
            throw;
        }
    }

    public string Origin { get; }

    /// <summary>The connector URL a person pastes into their assistant.</summary>
    public string McpUrl => Origin + "/mcp";

    public string SessionSecret { get; }

    public string DatabasePath { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Everything the app has logged so far, as one text (what a log-secrecy check reads).</summary>
    public string LogText => _logs.Text;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        LogWitness.AssertNoSecretIn(_logs, "The gateway at " + Origin);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
