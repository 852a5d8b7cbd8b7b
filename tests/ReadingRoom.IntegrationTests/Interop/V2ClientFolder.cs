using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReadingRoom.IntegrationTests.Infrastructure;

namespace ReadingRoom.IntegrationTests.Interop;

/// <summary>tests/e2e-client-v2, ready to run: the folder, the node that runs it, its script and the pinned client's version.</summary>
internal sealed record V2ClientInstall(string Directory, string Node, string NodeVersion, string Script, string ClientVersion, string? InstallNote);

/// <summary>
/// Installs tests/e2e-client-v2 with <c>npm ci</c> once per test process when its node_modules lacks the pinned
/// <c>@modelcontextprotocol/client</c>. It runs while the skip attribute is built (xunit 2 skips only from there),
/// so a machine without Node 20+ or npm, or a failed install, skips with the reason instead of failing.
/// </summary>
internal static class V2ClientFolder
{
    public const string Package = "@modelcontextprotocol/client";
    private const string Skipped = "TypeScript v2 client test skipped: ";

    // The client's package.json says engines.node >=20.
    private const int MinimumNodeMajor = 20;
    private static readonly TimeSpan s_installLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_versionLimit = TimeSpan.FromSeconds(15);
    private static readonly Lazy<(V2ClientInstall? Install, string? Why)> s_state = new(Prepare);

    public static string? UnavailableReason => s_state.Value.Why;

    public static V2ClientInstall Installed => s_state.Value.Install ?? throw new InvalidOperationException(UnavailableReason);

    private static (V2ClientInstall?, string?) Prepare()
    {
        if (NodeTool.RepositoryRoot() is not { } root)
        {
            return (null, Skipped + $"no ReadingRoom.slnx above {AppContext.BaseDirectory}.");
        }

        var directory = Path.Combine(root, "tests", "e2e-client-v2");
        if (NodeTool.OnPath("node") is not { } node)
        {
            return (null, Skipped + $"node is not on PATH ({Package} needs Node {MinimumNodeMajor} or later).");
        }

        try
        {
            var version = Run(node, ["--version"], directory, s_versionLimit).StandardOutput.Trim();
            if (!int.TryParse(version.TrimStart('v').Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) || major < MinimumNodeMajor)
            {
                return (null, Skipped + $"node on PATH is {(version.Length == 0 ? "unknown" : version)}; {Package} needs {MinimumNodeMajor} or later.");
            }

            string? note = null;
            if (InstalledVersion(directory) != PinnedVersion(directory))
            {
                if (NodeTool.OnPath("npm") is not { } npm)
                {
                    return (null, Skipped + "npm is not on PATH to install tests/e2e-client-v2 (on Debian: apt-get install npm).");
                }

                var clock = Stopwatch.StartNew();
                // Nothing in the lock file needs an install script, so none may run.
                var install = Run(npm, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], directory, s_installLimit);
                if (!install.Succeeded || InstalledVersion(directory) != PinnedVersion(directory))
                {
                    var how = install.ExitCode is { } code ? $"exited {code}" : $"was stopped after {s_installLimit.TotalMinutes:0} min";
                    var errors = install.StandardError.Split('\n').Where(l => l.StartsWith("npm error", StringComparison.Ordinal)).Take(8);
                    return (null, Skipped + $"`npm ci` in {directory} {how} without installing the pinned {Package}:\n{string.Join('\n', errors)}");
                }

                note = $"Installed tests/e2e-client-v2 with npm ci in {clock.Elapsed.TotalSeconds:0.0} s.";
            }

            return (new V2ClientInstall(directory, node, version, Path.Combine(directory, "visit.mjs"), PinnedVersion(directory), note), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or System.ComponentModel.Win32Exception)
        {
            return (null, Skipped + $"preparing {directory} failed: {e.Message}");
        }
    }

    // Called from an attribute's constructor, where nothing can be awaited.
    private static ToolRun Run(string program, string[] arguments, string directory, TimeSpan limit) =>
        Task.Run(() => NodeTool.RunAsync(program, arguments, directory, limit)).GetAwaiter().GetResult();

    private static string PinnedVersion(string directory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "package.json")));
        return manifest.RootElement.GetProperty("dependencies").GetProperty(Package).GetString()!;
    }

    private static string? InstalledVersion(string directory)
    {
        var installed = Path.Combine(directory, "node_modules", "@modelcontextprotocol", "client", "package.json");
        if (!File.Exists(installed))
        {
            return null;
        }

        using var package = JsonDocument.Parse(File.ReadAllText(installed));
        return package.RootElement.GetProperty("version").GetString();
    }
}

/// <summary>Skips, with the reason, where tests/e2e-client-v2 can't be installed or run (no Node 20+, no npm, npm ci failing).</summary>
internal sealed class TypeScriptV2ClientFactAttribute : FactAttribute
{
    public TypeScriptV2ClientFactAttribute()
    {
        if (V2ClientFolder.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
