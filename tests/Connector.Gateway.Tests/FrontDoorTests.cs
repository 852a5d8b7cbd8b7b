using System.ComponentModel;
using Connector.Gateway.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tests;

/// <summary>The front door is the app's to name; everything the skeleton tells the AI then names that one.</summary>
public sealed class FrontDoorTests
{
    [Fact]
    public async Task AppNamingItsFrontDoor_IsServedUnderThatName_AndEverySkeletonTextNamesIt()
    {
        await using var app = Build(new TestApp(frontDoor: "begin_lesson"));
        app.MapConnectorGateway();

        var tools = app.Services.GetServices<McpServerTool>().ToDictionary(t => t.ProtocolTool.Name);
        Assert.Contains("begin_lesson", tools.Keys);
        Assert.DoesNotContain(GatewayToolNames.BeginSession, tools.Keys);

        var texts = new[]
        {
            app.Services.GetRequiredService<IOptions<McpServerOptions>>().Value.ServerInstructions!,
            app.Services.GetRequiredService<AppBriefing>().Rules,
            tools["user_remember"].ProtocolTool.InputSchema.GetRawText(),
            tools[GatewayToolNames.ConfigGetRules].ProtocolTool.Description!,
            tools[GatewayToolNames.ConfigGetPersona].ProtocolTool.Description!,
            tools["begin_lesson"].ProtocolTool.Description! + tools["begin_lesson"].ProtocolTool.OutputSchema!.Value.GetRawText(),
        };
        Assert.All(texts.Take(5), text => Assert.Contains("begin_lesson", text, StringComparison.Ordinal));
        Assert.All(texts, text => Assert.DoesNotContain(GatewayToolNames.BeginSession, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppWithoutAFrontDoorName_GetsBeginSession()
    {
        await using var app = Build(new TestApp());
        app.MapConnectorGateway();

        Assert.Contains(app.Services.GetServices<McpServerTool>(), t => t.ProtocolTool.Name == GatewayToolNames.BeginSession);
    }

    [Theory]
    [InlineData("begin.lesson", "letters, digits")]
    [InlineData("", "letters, digits")]
    [InlineData("health", "skeleton's own tool")]
    [InlineData("user_begin", "outside the groups")]
    [InlineData("config_start", "outside the groups")]
    public async Task FrontDoorNameHostsOrGroupsWouldBreak_StopsStartUp_SayingWhy(string frontDoor, string why)
    {
        await using var app = Build(new TestApp(frontDoor: frontDoor));
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(app));

        Assert.Contains(why, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolInNoGroup_StopsStartUp_NamingIt()
    {
        await using var app = Build<UngroupedTools>(new TestApp());
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(app));

        Assert.Contains("shelf_list is in no group", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppReplacingADefaultConfigTool_StopsStartUp_NamingTheDuplicate()
    {
        await using var app = Build<OwnRulesTool>(new TestApp());
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(app));

        Assert.Contains("config_get_rules is registered 2 times", refusal.Message, StringComparison.Ordinal);
    }

    private static async Task StartAsync(WebApplication app)
    {
        app.MapConnectorGateway();
        await app.StartAsync();
    }

    private static WebApplication Build(TestApp testApp) => Build<RememberTools>(testApp);

    /// <summary>The app with one tool group, ready to start on a free loopback port with a throwaway store.</summary>
    private static WebApplication Build<TTools>(TestApp testApp)
        where TTools : class
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["DATA_DIR"] = Path.Combine(Path.GetTempPath(), "front-door-" + Guid.NewGuid().ToString("N"));
        builder.Configuration["AUTH_ISSUER"] = "http://127.0.0.1:9";
        builder.Configuration["AUTH_JWKS_URL"] = "http://127.0.0.1:9/jwks.json";
        builder.Services.AddSingleton<IConnectorApp>(testApp);
        builder.Services.AddConnectorGateway<TestApp>(builder.Configuration).WithConnectorTools<TTools>();
        return builder.Build();
    }

    [McpServerToolType]
    private sealed class RememberTools
    {
        [McpServerTool(Name = "user_remember"), Description("Remembers a note.")]
        public static string Remember(VerifiedUser user, string note) => user.Id + note;
    }

    [McpServerToolType]
    private sealed class UngroupedTools
    {
        [McpServerTool(Name = "shelf_list"), Description("Belongs to no group.")]
        public static string List() => "";
    }

    [McpServerToolType]
    private sealed class OwnRulesTool
    {
        [McpServerTool(Name = GatewayToolNames.ConfigGetRules), Description("Another rules tool.")]
        public static string Rules() => "";
    }
}
