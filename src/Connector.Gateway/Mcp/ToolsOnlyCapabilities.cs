using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Mcp;

/// <summary>
/// Invariant 2, tools only, kept in one place: an app whose services hold a prompt or a resource does not start,
/// and since the SDK always announces the logging capability, the initialize answer is trimmed to say exactly
/// what is offered. Nothing else passes through here changed.
/// </summary>
internal static class ToolsOnlyCapabilities
{
    /// <summary>Throws, naming them, when prompts or resources were registered (e.g. straight on the MCP builder).</summary>
    public static void EnsureNoPromptsOrResources(IServiceProvider services)
    {
        var offered = services.GetServices<McpServerPrompt>().Select(p => "prompt " + p.ProtocolPrompt.Name)
            .Concat(services.GetServices<McpServerResource>().Select(r => "resource " + r.ProtocolResourceTemplate.UriTemplate))
            .ToList();
        if (offered.Count > 0)
        {
            throw new InvalidOperationException(
                $"This connector offers tools only, but the app registered {string.Join(", ", offered)}. "
                + "Expose what they do as domain_*, user_* or config_* tools instead.");
        }
    }

    public static McpMessageHandler Filter(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcResponse { Result: JsonObject result } && result["capabilities"] is JsonObject capabilities
            && result.ContainsKey("protocolVersion"))
        {
            capabilities.Remove("logging");
        }

        return next(context, cancellationToken);
    };
}
