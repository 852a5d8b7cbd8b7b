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
        options.ServerInstructions =
            $"Call {GatewayToolNames.BeginSession} first in every conversation; it returns how to help this user and the session token the other tools need. "
            + "If a tool returns an error, tell the user plainly that the session can't continue; never invent results or saved data.";
    }
}
