using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a connector's tool group with the serializer settings every tool result needs.</summary>
public static class ConnectorToolsBuilderExtensions
{
    /// <summary>
    /// The SDK's defaults drop null properties from structuredContent while the generated outputSchema lists
    /// them as required (type [..., "null"]); strict clients such as the TypeScript SDK then reject the result.
    /// Writing nulls keeps every result valid against its own schema.
    /// </summary>
    public static readonly JsonSerializerOptions ResultOptions = new(McpJsonUtilities.DefaultOptions)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Adds one tool group (a <c>[McpServerToolType]</c> class), its results valid against their schemas.</summary>
    public static IMcpServerBuilder WithConnectorTools<TTools>(this IMcpServerBuilder builder)
        where TTools : class =>
        builder.WithTools<TTools>(ResultOptions);
}
