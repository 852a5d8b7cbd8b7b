using System.ComponentModel;
using Connector.Gateway.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tests;

/// <summary>Invariant 2: an app on the skeleton offers tools only, even if it reaches past the tools-only builder.</summary>
public sealed class ToolsOnlyTests
{
    [Fact]
    public async Task AppThatRegistersAPrompt_DoesNotStart_AndIsToldWhich()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddConnectorGateway<TestApp>(builder.Configuration).WithConnectorTools<OneTool>();
        builder.Services.AddMcpServer().WithPrompts<OnePrompt>();
        await using var app = builder.Build();

        var refusal = Assert.Throws<InvalidOperationException>(() => app.MapConnectorGateway());

        Assert.Contains("prompt summarize_shelf", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("tools only", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppWithToolsOnly_Maps()
    {
        // The control: the same app without the prompt maps its gateway.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddConnectorGateway<TestApp>(builder.Configuration).WithConnectorTools<OneTool>();
        await using var app = builder.Build();

        app.MapConnectorGateway();
    }

    [McpServerToolType]
    private sealed class OneTool
    {
        [McpServerTool(Name = "domain_echo"), Description("Echoes.")]
        public static string Echo(VerifiedUser _, string text) => text;
    }

    [McpServerPromptType]
    private sealed class OnePrompt
    {
        [McpServerPrompt(Name = "summarize_shelf"), Description("A prompt an app must not offer.")]
        public static string Summarize() => "Summarize the shelf.";
    }
}
