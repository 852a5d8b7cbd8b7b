using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Connector.TestKit;

/// <summary>What a bounded run of an external program left behind; <see cref="ExitCode"/> is null when it was killed at its limit.</summary>
public sealed record ToolRun(int? ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>The few things tests that drive Node or npm need: the repository, a program on PATH, and a run that can't hang.</summary>
public static class NodeTool
{
    /// <summary>The folder holding ReadingRoom.slnx, searched upwards from the test binaries; null when they were copied elsewhere.</summary>
    public static string? RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReadingRoom.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName;
    }

    /// <summary>The first executable file named <paramref name="name"/> in PATH, or null.</summary>
    public static string? OnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary><see cref="RunAsync"/> where nothing can be awaited: a skip attribute's constructor.</summary>
    public static ToolRun Run(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan limit) =>
        Task.Run(() => RunAsync(program, arguments, workingDirectory, limit)).GetAwaiter().GetResult();

    /// <summary>What <paramref name="node"/> --version prints (v22.12.0), or "unknown (why)" when it doesn't answer with a version.</summary>
    public static string VersionOf(string node)
    {
        // It answers in milliseconds; the limit only stops one that hangs on a loaded machine.
        var limit = TimeSpan.FromSeconds(30);
        try
        {
            var run = Run(node, ["--version"], AppContext.BaseDirectory, limit);
            var printed = run.StandardOutput.Trim();
            return run.Succeeded && printed.Length > 0 ? printed
                : run.ExitCode is { } code ? $"unknown (--version exited {code} and printed \"{printed}\")"
                : $"unknown (--version gave no answer within {limit.TotalSeconds:0} s)";
        }
        catch (Win32Exception e)
        {
            return $"unknown (it can't be started: {e.Message})";
        }
    }

    /// <summary>22 for "v22.12.0"; null for anything else, such as what <see cref="VersionOf"/> says when it can't tell.</summary>
    public static int? MajorVersion(string version) =>
        version.StartsWith('v') && int.TryParse(version[1..].Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null;

    /// <summary>
    /// Runs a program to completion or to <paramref name="limit"/>. The process tree is killed in a finally, so neither a
    /// timeout nor a failing await (a cancelled test) leaves a node or npm behind.
    /// </summary>
    public static async Task<ToolRun> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan limit)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // npm would otherwise ask the registry whether it is itself out of date, and say so on stderr.
        info.Environment["npm_config_update_notifier"] = "false";
        using var process = new Process { StartInfo = info };
        process.Start();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        int? exitCode = null;
        try
        {
            using var deadline = new CancellationTokenSource(limit);
            await process.WaitForExitAsync(deadline.Token);
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // The limit passed: reported as a null exit code once the tree is gone.
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        return new ToolRun(exitCode, await standardOutput, await standardError);
    }
}
