using Connector.Gateway.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Mcp;

/// <summary>Names the server after the app and offers tools only: no resources, no prompts, no logging.</summary>
internal sealed class McpServerOptionsSetup(AppBriefing briefing) : IConfigureOptions<McpServerOptions>
{
    public void Configure(McpServerOptions options)
    {
        options.ServerInfo = new Implementation { Name = briefing.Name, Version = briefing.Version };
        options.Capabilities ??= new ServerCapabilities();
        options.Capabilities.Tools ??= new ToolsCapability();
        options.ServerInstructions = Refusals.ServerInstructions(briefing.FrontDoor);
    }
}
