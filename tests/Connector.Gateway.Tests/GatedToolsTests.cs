using System.ComponentModel;
using System.Text.Json.Nodes;
using Connector.Gateway.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tests;

/// <summary>
/// Invariant 3 for tools: the skeleton gates every domain_* and user_* tool. A gated tool that doesn't take the
/// verified user can't be registered, and every gated tool's schema asks for the session the gate checks.
/// </summary>
public sealed class GatedToolsTests
{
    [Fact]
    public void GatedToolWithoutTheVerifiedUser_StopsStartUp_NamingIt()
    {
        var builder = WebApplication.CreateSlimBuilder();

        var refusal = Assert.Throws<InvalidOperationException>(() =>
            builder.Services.AddConnectorGateway<TestApp>(builder.Configuration).WithConnectorTools<ForgetfulTools>());

        Assert.Contains("user_forget", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(VerifiedUser), refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatedTools_AskForTheSessionFirst_UngatedOnesDoNot()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddConnectorGateway<TestApp>(builder.Configuration).WithConnectorTools<CarefulTools>();
        await using var app = builder.Build();

        var tools = app.Services.GetServices<McpServerTool>().ToDictionary(t => t.ProtocolTool.Name);

        var gated = JsonNode.Parse(tools["user_remember"].ProtocolTool.InputSchema.GetRawText())!;
        Assert.Equal(["session", "note"], gated["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["session", "note"], gated["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        var ungated = JsonNode.Parse(tools["config_echo"].ProtocolTool.InputSchema.GetRawText())!;
        Assert.Null(ungated["properties"]!["session"]);
        Assert.DoesNotContain("verified", tools["user_remember"].ProtocolTool.InputSchema.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [McpServerToolType]
    private sealed class ForgetfulTools
    {
        [McpServerTool(Name = "user_forget"), Description("Forgets to take the verified user.")]
        public static string Forget(string note) => note;
    }

    [McpServerToolType]
    private sealed class CarefulTools
    {
        [McpServerTool(Name = "user_remember"), Description("Remembers a note for the verified user.")]
        public static string Remember(VerifiedUser user, string note) => user.Id + note;

        [McpServerTool(Name = "config_echo"), Description("Not gated.")]
        public static string Echo(string text) => text;
    }
}
