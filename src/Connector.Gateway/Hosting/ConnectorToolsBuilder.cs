using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What an app adds to the gateway: tool groups, and nothing else. The MCP builder underneath could also add
/// prompts or resources; an app never holds it, so every app stays tools only (invariant 2).
/// </summary>
public sealed class ConnectorToolsBuilder
{
    /// <summary>
    /// The SDK's defaults drop null properties from structuredContent while the generated outputSchema lists
    /// them as required (type [..., "null"]); strict clients such as the TypeScript SDK then reject the result.
    /// Writing nulls keeps every result valid against its own schema.
    /// </summary>
    private static readonly JsonSerializerOptions s_resultOptions = new(McpJsonUtilities.DefaultOptions)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly IMcpServerBuilder _mcp;

    internal ConnectorToolsBuilder(IMcpServerBuilder mcp) => _mcp = mcp;

    /// <summary>The app's services, for what its tools need (its content, its slice of the state).</summary>
    public IServiceCollection Services => _mcp.Services;

    /// <summary>Adds one tool group (a <c>[McpServerToolType]</c> class), its results valid against their schemas.</summary>
    public ConnectorToolsBuilder WithConnectorTools<TTools>()
        where TTools : class
    {
        _mcp.WithTools<TTools>(s_resultOptions);
        return this;
    }
}
