using System.Diagnostics;

namespace Connector.Template.Tests;

/// <summary>The same <c>dotnet</c> that runs the tests, run in a folder; its output kept for the failure message.</summary>
internal static class DotnetCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The outer test run's settings would otherwise steer the inner one (its logger, its results folder).
        foreach (var name in new[] { "VSTEST_HOST_DEBUG", "VSTEST_RUNNER_DEBUG", "MSBUILDNOINPROCNODE", "DOTNET_CLI_TELEMETRY_SESSIONID" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {limit}: {await output}{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }
}
