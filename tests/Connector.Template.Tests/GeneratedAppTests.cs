using System.Text.RegularExpressions;

namespace Connector.Template.Tests;

/// <summary>
/// <c>dotnet new connector-app</c> as a developer runs it at the repository root: the generated app builds and passes
/// its generated tests (the whole invariant kit, on SQLite and PostgreSQL) with no edits.
/// </summary>
public sealed partial class GeneratedAppTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(10);

    private readonly RepositoryCopy _repo = new();

    private string Hive => Path.Combine(_repo.Path, ".template-hive");

    [Fact]
    public async Task NewApp_FromTheTemplate_BuildsAndPassesTheInvariantKit_WithNoEdits()
    {
        await InstallTemplateAsync();

        var generated = await DotnetCli.RunAsync(_repo.Path, s_limit, "new", "connector-app", "-n", "Acme.App", "--debug:custom-hive", Hive);
        Assert.True(generated.ExitCode == 0, generated.Output);
        Assert.True(File.Exists(Path.Combine(_repo.Path, "src", "Acme.App", "Acme.App.csproj")), generated.Output);
        Assert.True(File.Exists(Path.Combine(_repo.Path, "src", "Acme.App", "rules.md")));
        Assert.True(File.Exists(Path.Combine(_repo.Path, "src", "Acme.App", "persona.md")));

        var tested = await DotnetCli.RunAsync(_repo.Path, s_limit, "test", Path.Combine("tests", "Acme.App.Tests"));

        Assert.True(tested.ExitCode == 0, tested.Output);
        var passed = int.Parse(Count().Match(tested.Output).Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(passed >= 60, $"only {passed} checks passed: {tested.Output}");
        Assert.DoesNotMatch(Failures(), tested.Output);
    }

    [Fact]
    public async Task NewApp_WithItsOwnNameAndFrontDoor_UsesThemEverywhere()
    {
        await InstallTemplateAsync();

        var generated = await DotnetCli.RunAsync(_repo.Path, s_limit, "new", "connector-app", "-n", "Harbor.Desk",
            "--displayName", "The Harbor Desk", "--frontDoor", "begin_visit", "--debug:custom-hive", Hive);

        Assert.True(generated.ExitCode == 0, generated.Output);
        var app = File.ReadAllText(Path.Combine(_repo.Path, "src", "Harbor.Desk", "ThisApp.cs"));
        Assert.Contains("namespace Harbor.Desk;", app, StringComparison.Ordinal);
        Assert.Contains("\"The Harbor Desk\"", app, StringComparison.Ordinal);
        Assert.Contains("FrontDoor => \"begin_visit\"", app, StringComparison.Ordinal);
        Assert.Contains("Call begin_visit", File.ReadAllText(Path.Combine(_repo.Path, "src", "Harbor.Desk", "rules.md")), StringComparison.Ordinal);
        Assert.Contains("\"begin_visit\"", File.ReadAllText(Path.Combine(_repo.Path, "tests", "Harbor.Desk.Tests", "Profile.cs")), StringComparison.Ordinal);
        Assert.DoesNotContain(
            Directory.EnumerateFiles(Path.Combine(_repo.Path, "src", "Harbor.Desk"), "*", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(Path.Combine(_repo.Path, "tests", "Harbor.Desk.Tests"), "*", SearchOption.AllDirectories)),
            file => File.ReadAllText(file).Contains("MyConnector", StringComparison.Ordinal));
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>Installs the template from the folder, as the README says, into a hive of this test's own.</summary>
    private async Task InstallTemplateAsync()
    {
        var installed = await DotnetCli.RunAsync(_repo.Path, s_limit, "new", "install", Path.Combine(_repo.Path, "templates", "connector-app"), "--debug:custom-hive", Hive);
        Assert.True(installed.ExitCode == 0, installed.Output);
    }

    [GeneratedRegex(@"Passed:\s+(?<passed>\d+)")]
    private static partial Regex Count();

    [GeneratedRegex(@"Failed:\s+[1-9]")]
    private static partial Regex Failures();
}
