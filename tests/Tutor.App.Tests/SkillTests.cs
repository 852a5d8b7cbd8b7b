using Tutor.App.Tools;

namespace Tutor.App.Tests;

/// <summary>The skeleton's Skill in the Tutor's words: its own name, its own front door first, and its method.</summary>
public sealed class SkillTests(SqliteConnector<Program> host) : IClassFixture<SqliteConnector<Program>>
{
    [Fact]
    public async Task SkillZip_IsTheTutors_BeginLessonFirst_WithRulesPersonaAndMethod()
    {
        var skill = await SkillZip.DownloadAsync(host.Gateway.Origin);

        Assert.Equal("the-night-sky-tutor", skill.Name);
        Assert.Contains("The Night-Sky Tutor", skill.Description, StringComparison.Ordinal);
        Assert.Contains($"starting with {ToolNames.BeginLesson}", skill.Description, StringComparison.Ordinal);
        Assert.Contains("Fail closed: if you cannot reach begin_lesson", skill.Body, StringComparison.Ordinal);
        Assert.Contains("## Persona\n\n", skill.Body, StringComparison.Ordinal);
        Assert.Contains("## Method\n\n", skill.Body, StringComparison.Ordinal);
        var firstTool = skill.Body.Split('\n').First(line => line.StartsWith("- `", StringComparison.Ordinal));
        Assert.StartsWith($"- `{ToolNames.BeginLesson}`: Begin with The Night-Sky Tutor (call first)", firstTool, StringComparison.Ordinal);
    }
}
