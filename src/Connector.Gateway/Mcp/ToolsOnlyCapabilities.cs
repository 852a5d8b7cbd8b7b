using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Mcp;

/// <summary>
/// The SDK always announces the logging capability; this server offers tools only, so the initialize
/// answer is trimmed to say exactly that. Nothing else passes through here changed.
/// </summary>
internal static class ToolsOnlyCapabilities
{
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
