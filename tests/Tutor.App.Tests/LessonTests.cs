using System.Text.Json;
using Tutor.App.Tools;

namespace Tutor.App.Tests;

/// <summary>The Tutor's own behaviour, through real HTTP: a lesson begins where the learner stopped.</summary>
public sealed class LessonTests(SqliteConnector<Program> host) : IClassFixture<SqliteConnector<Program>>
{
    [Fact]
    public async Task BeginLesson_NewLearner_GetsRulesPersonaMethod_AndTheFirstSection()
    {
        using var http = new McpHttp(host.Gateway.McpUrl);

        var begin = await http.CallToolAsync(await host.TokenFor(TestUsers.New()), ToolNames.BeginLesson);

        Assert.False(begin.IsError, begin.Text);
        Assert.Contains("check", begin.Data.GetProperty("texts").GetProperty("method").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Fail closed: if you cannot reach begin_lesson", begin.Data.GetProperty("rules").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(begin.Data.GetProperty("persona").GetString()));
        var state = begin.Data.GetProperty("state");
        Assert.Equal("not-started", state.GetProperty("status").GetString());
        Assert.Equal(FirstSectionId(), state.GetProperty("next").GetProperty("id").GetString());
    }

    [Fact]
    public async Task BeginLesson_InANewConversation_PicksUpWhereTheLearnerStopped()
    {
        using var http = new McpHttp(host.Gateway.McpUrl);
        var token = await host.TokenFor(TestUsers.New());
        var session = (await http.CallToolAsync(token, ToolNames.BeginLesson)).Data.GetProperty("session").GetString();
        var done = await http.CallToolAsync(token, ToolNames.UserSaveProgress, new Dictionary<string, object?> { ["session"] = session, ["section_id"] = "dark-adaptation", ["done"] = true, ["note"] = "about twenty minutes" });
        var stopped = await http.CallToolAsync(token, ToolNames.UserSaveProgress, new Dictionary<string, object?> { ["session"] = session, ["section_id"] = "finding-north", ["position"] = "after the pointer stars" });
        Assert.False(done.IsError, done.Text);
        Assert.False(stopped.IsError, stopped.Text);

        var again = (await http.CallToolAsync(token, ToolNames.BeginLesson)).Data.GetProperty("state");

        Assert.Equal(1, again.GetProperty("done").GetInt32());
        Assert.Equal("finding-north", again.GetProperty("stoppedAt").GetProperty("sectionId").GetString());
        Assert.Contains("after the pointer stars", again.GetProperty("openWith").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sections_ListedInCourseOrder_EachFetchedById_WithItsCheckAndTheNextOne()
    {
        using var http = new McpHttp(host.Gateway.McpUrl);
        var token = await host.TokenFor(TestUsers.New());
        var session = (await http.CallToolAsync(token, ToolNames.BeginLesson)).Data.GetProperty("session").GetString();

        var list = await http.CallToolAsync(token, ToolNames.DomainListSections, new Dictionary<string, object?> { ["session"] = session });
        var ids = list.Data.GetProperty("units").EnumerateArray()
            .SelectMany(u => u.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)).ToList();

        Assert.Equal(3, list.Data.GetProperty("units").GetArrayLength());
        Assert.True(ids.Count >= 12, $"the course has {ids.Count} sections");
        for (var i = 0; i < ids.Count; i++)
        {
            var section = await http.CallToolAsync(token, ToolNames.DomainGetSection, new Dictionary<string, object?> { ["session"] = session, ["section_id"] = ids[i] });
            Assert.False(section.IsError, section.Text);
            Assert.False(string.IsNullOrWhiteSpace(section.Data.GetProperty("section").GetProperty("check").GetString()));
            var next = section.Data.GetProperty("nextSectionId");
            Assert.Equal(i + 1 < ids.Count ? ids[i + 1] : null, next.ValueKind == JsonValueKind.Null ? null : next.GetString());
        }
    }

    [Fact]
    public async Task UnknownSection_IsRefused_PointingAtTheList()
    {
        using var http = new McpHttp(host.Gateway.McpUrl);
        var token = await host.TokenFor(TestUsers.New());
        var session = (await http.CallToolAsync(token, ToolNames.BeginLesson)).Data.GetProperty("session").GetString();

        var result = await http.CallToolAsync(token, ToolNames.DomainGetSection, new Dictionary<string, object?> { ["session"] = session, ["section_id"] = "black-holes" });

        Assert.True(result.IsError);
        Assert.Contains(ToolNames.DomainListSections, result.Text, StringComparison.Ordinal);
    }

    private static string FirstSectionId()
    {
        using var course = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Course", "course.json")));
        return course.RootElement.GetProperty("units")[0].GetProperty("sections")[0].GetProperty("id").GetString()!;
    }
}
