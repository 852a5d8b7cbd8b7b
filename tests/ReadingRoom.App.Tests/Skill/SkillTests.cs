using Connector.Gateway.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;
using ReadingRoom.App.Tests.FrontPage;

namespace ReadingRoom.App.Tests.Skill;

/// <summary>
/// The optional Skill, made by the skeleton from the app's current rules, persona and tools: downloaded from
/// <c>/skill.zip</c> and written by the app's command-line mode, the same file both ways.
/// </summary>
public sealed class SkillTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private AppBriefing Briefing => fixture.Gateway.Services.GetRequiredService<AppBriefing>();

    [Fact]
    public async Task SkillZip_WithoutAToken_IsOneFolderNamedForTheApp_WithAValidFrontMatter()
    {
        var skill = await SkillZip.DownloadAsync(fixture.Gateway.Origin);

        Assert.Equal("the-reading-room", skill.Name);
        Assert.Contains("The Reading Room", skill.Description, StringComparison.Ordinal);
        Assert.Contains("connector", skill.Description, StringComparison.Ordinal);
        Assert.Contains("Use it whenever", skill.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkillMd_HoldsTheCurrentRules_WithTheFailClosedParagraph_AndThePersona()
    {
        var skill = await SkillZip.DownloadAsync(fixture.Gateway.Origin);

        Assert.Contains("## Rules\n\n" + Briefing.Rules + "\n\n## Persona\n\n" + Briefing.Persona + "\n", skill.Body, StringComparison.Ordinal);
        Assert.Contains("Fail closed: if you cannot reach begin_session or a tool returns an error", skill.Body, StringComparison.Ordinal);
        Assert.Contains("Recommend only from the catalog.", skill.Body, StringComparison.Ordinal);
        Assert.Contains("You are the Reading Room's librarian", skill.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkillMd_ListsEveryToolByNameAndTitle_TheFrontDoorFirst()
    {
        var skill = await SkillZip.DownloadAsync(fixture.Gateway.Origin);
        var tools = fixture.Gateway.Services.GetServices<McpServerTool>().Select(t => t.ProtocolTool).ToList();

        var listed = skill.Body.Split('\n').Where(line => line.StartsWith("- `", StringComparison.Ordinal)).ToList();

        Assert.StartsWith("- `begin_session`: Begin with The Reading Room (call first)", listed[0], StringComparison.Ordinal);
        Assert.Equal(tools.Count, listed.Count);
        foreach (var tool in tools)
        {
            Assert.Contains(listed, line => line.StartsWith($"- `{tool.Name}`: {tool.Title}", StringComparison.Ordinal));
        }

        Assert.Contains("- `user_save_to_shelf`: ", string.Join('\n', listed), StringComparison.Ordinal);
        Assert.Contains("1. Call `begin_session` first in every conversation", skill.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skill_AppsWordsWithMarkupQuotesAndLineBreaks_KeepTheFrontMatterAndNameValid()
    {
        await using var gateway = new GatewayServer(fixture.Auth, services: HostileWordsApp.Replace);

        var skill = await SkillZip.DownloadAsync(gateway.Origin);

        Assert.Equal("script-alert-name-script-co-next-line", skill.Name);
        Assert.Contains("How to act as scriptalert(\"name\")/script & \"Co\" next: line through its connector", skill.Description, StringComparison.Ordinal);
        Assert.Contains("# <script>alert(\"name\")</script> & \"Co\" next: line\n", skill.Body, StringComparison.Ordinal);
        Assert.Contains("name: not-the-real-name", skill.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteSkillCommand_WritesTheSameSkillAsTheServer_AndStartsNoServer()
    {
        using var folder = new TempDirectory();
        var served = await SkillZip.DownloadAsync(fixture.Gateway.Origin);

        // Production and no settings at all: the command needs no port, store or sign-in service.
        await using var app = AppProcess.Start<Program>(
            AppProcess.BuildOutput,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            ["--write-skill", folder.Path]);
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, app.Console);
        var path = Path.Combine(folder.Path, "the-reading-room.zip");
        Assert.Contains(path, app.Console, StringComparison.Ordinal);
        var written = SkillZip.Read(await File.ReadAllBytesAsync(path));
        Assert.Equal(served.Markdown, written.Markdown);
    }

    [Fact]
    public async Task WriteSkillCommand_WithoutAPath_SaysWhatItNeeds_Exit2()
    {
        await using var app = AppProcess.Start<Program>(
            AppProcess.BuildOutput,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            ["--write-skill"]);

        Assert.Equal(2, await app.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("--write-skill needs where to write the Skill", app.Console, StringComparison.Ordinal);
    }
}
