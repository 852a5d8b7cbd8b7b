using System.Diagnostics;
using System.Security.Cryptography;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// A configuration mistake stops the gateway at start, naming the variable to fix, instead of a server that
/// comes up unsafe or fails on a reader's first call. Checked on the real app process a person runs (what it
/// prints and how it exits): the app explains these failures itself, so an in-process host can't see them.
/// </summary>
public sealed class StartupConfigurationTests
{
    /// <summary>Settings the app rejects while checking its configuration, as environment, variable and value.</summary>
    public static TheoryData<string, string, string> InvalidSettings { get; } = new()
    {
        { "Production", "AUTH_DISABLED", "1" },
        { "Production", "AUTH_ISSUER", "" },
        { "Production", "SESSION_SIGNING_SECRET", "short" },
        { "Development", "RESOURCE_URL", "not a url" },
        { "Development", "RESOURCE_URL", "http://127.0.0.1:5/other-path" },
        { "Development", "DATABASE_URL", "postgresql://u:p@/db" },
        { "Staging", "AUTH_DISABLED", "1" },
        { "Development", "AUTH_DISABLED", "maybe" },
        { "Development", "MAX_REQUEST_BYTES", "1mb" },
        { "Development", "MAX_REQUEST_BYTES", "0" },
        { "Development", "RATE_LIMIT_PER_MINUTE", "-5" },
        { "Development", "RATE_LIMIT_PER_MINUTE", "lots" },
        { "Development", "SESSION_MINUTES", "sixty" },
        { "Development", "ALLOWED_ORIGINS", "https://app.example/path" },
        { "Development", "ALLOWED_HOSTS", "not a host" },
        { "Development", "OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318" },
        { "Development", "PORT", "eighty" },
        { "Production", "PORT", "70000" },
        { "Production", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json" },
    };

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Start_WithGoodSettings_Serves(string environment)
    {
        // The control: the settings every bad case changes one of are themselves enough to start and serve.
        await using var auth = new DevAuthServer();
        await using var gateway = new GatewayServer(auth, environment: environment);
        using var http = new McpHttp(gateway.McpUrl);

        var health = await http.CallToolAsync(await auth.MintAsync(TestUsers.New(), gateway.McpUrl), "health");

        Assert.False(health.IsError, health.Text);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    // Well-formed, but nothing listens there: refused as an unreachable store (exit 3), not as a bad setting.
    [InlineData("Development", "DATABASE_URL", "postgresql://u:p@127.0.0.1:1/db")]
    public async Task AppProcess_WithBadSetting_ExitsNamingTheVariable(string environment, string variable, string value)
    {
        var run = await RunAppUntilExitAsync(environment, variable, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(variable, run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task AppProcess_WithBadSetting_ExitsWithCode2AndAPlainListNotAStackTrace(string environment, string variable, string value)
    {
        var run = await RunAppUntilExitAsync(environment, variable, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("The server can't start because of its configuration:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("  - " + variable, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppProcess_WithUnreachableDatabase_ExitsWith3WithoutEchoingThePassword()
    {
        // Port 1: nothing listens there, so the store is unreachable whatever else runs on this machine.
        var run = await RunAppUntilExitAsync("Development", "DATABASE_URL", "postgresql://u:hunter2-secret@127.0.0.1:1/db");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("DATABASE_URL", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Catalog/articles.json", "[{ \"id\": ")]
    [InlineData("Catalog/articles.json", "[]")]
    [InlineData("Catalog/articles.json", null)]
    [InlineData("Librarian/rules.md", "  \n")]
    public async Task AppProcess_WithBrokenContentFile_ExitsWith4NamingTheFile(string file, string? content)
    {
        // The app's own files, copied to a content root where one of them is broken (null: missing).
        using var root = new TempDirectory();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(root.Path, "appsettings.json"));
        foreach (var folder in new[] { "Catalog", "Librarian" })
        {
            Directory.CreateDirectory(Path.Combine(root.Path, folder));
            foreach (var source in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, folder)))
            {
                File.Copy(source, Path.Combine(root.Path, folder, Path.GetFileName(source)));
            }
        }

        var broken = Path.Combine(root.Path, file);
        if (content is null)
        {
            File.Delete(broken);
        }
        else
        {
            File.WriteAllText(broken, content);
        }

        var run = await RunAppUntilExitAsync("Development", "ASPNETCORE_CONTENTROOT", root.Path);

        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith("The server can't start: The content file " + broken, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppProcess_WithGoodProductionSettings_StartsListening()
    {
        // The control for the process rows: the base settings start the real app in Production.
        using var data = new TempDirectory();
        using var process = StartApp("Production", data.Path, null, null);
        var stderr = process.StandardError.ReadToEndAsync();
        var listening = false;

        // A bound, not a timing check: only an app that neither listens nor exits would reach it.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            string? line;
            while (!listening && (line = await process.StandardOutput.ReadLineAsync(bound.Token)) is not null)
            {
                listening = line.Contains("Now listening on", StringComparison.Ordinal);
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below as not listening.
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        // Read only now: stderr stays open for as long as the app runs.
        Assert.True(listening, "the app exited without listening: " + await stderr);
    }

    private sealed record AppRun(int ExitCode, string Stdout, string Stderr);

    private static async Task<AppRun> RunAppUntilExitAsync(string environment, string variable, string value)
    {
        using var data = new TempDirectory();
        using var process = StartApp(environment, data.Path, variable, value);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // A bound, not a timing check: a refused start exits at once, an accepted one would serve forever.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"The app kept running with {variable}='{value}' ({environment}): the bad setting was accepted.");
        }

        return new AppRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The built app, run as <c>dotnet ReadingRoom.App.dll</c> with a complete, valid configuration except for one variable.</summary>
    private static Process StartApp(string environment, string dataDirectory, string? variable, string? value)
    {
        var appDirectory = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, "ReadingRoom.App.dll"));

        // Nothing inherited from the machine may decide the outcome.
        foreach (var key in start.Environment.Keys.Where(IsGatewaySetting).ToList())
        {
            start.Environment.Remove(key);
        }

        var port = FreePort.Next();
        var issuerPort = FreePort.Next();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["RESOURCE_URL"] = $"http://127.0.0.1:{port}/mcp";
        start.Environment["AUTH_ISSUER"] = $"http://127.0.0.1:{issuerPort}";
        start.Environment["AUTH_JWKS_URL"] = $"http://127.0.0.1:{issuerPort}/jwks.json";
        start.Environment["SESSION_SIGNING_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        start.Environment["DATA_DIR"] = dataDirectory;
        start.Environment["SQLITE_PATH"] = Path.Combine(dataDirectory, "state.db");
        if (variable is not null)
        {
            start.Environment[variable] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static bool IsGatewaySetting(string key) =>
        key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || key is "PORT" or "RESOURCE_URL" or "AUTH_ISSUER" or "AUTH_JWKS_URL" or "AUTH_DISABLED" or "SESSION_SIGNING_SECRET"
            or "SESSION_MINUTES" or "DATABASE_URL" or "SQLITE_PATH" or "DATA_DIR" or "MAX_REQUEST_BYTES"
            or "ALLOWED_ORIGINS" or "ALLOWED_HOSTS" or "RATE_LIMIT_PER_MINUTE"
        || key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase);
}
