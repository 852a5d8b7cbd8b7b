using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Gateway.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What an app adds to the gateway: tool groups, and nothing else. The MCP builder underneath could also add
/// prompts or resources; an app never holds it, so every app stays tools only (invariant 2). Every
/// <c>domain_*</c> and <c>user_*</c> tool is gated here (<see cref="GatedTools"/>).
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

    /// <summary>
    /// Adds one tool group (a <c>[McpServerToolType]</c> class): each <c>[McpServerTool]</c> method, its results valid
    /// against their schemas. A gated tool that takes no <see cref="VerifiedUser"/> stops start-up here, naming it.
    /// </summary>
    public ConnectorToolsBuilder WithConnectorTools<TTools>()
        where TTools : class => Add<TTools>(word: null);

    /// <summary>
    /// Adds a tool group whose names or descriptions depend on the app (the front door's name, the app's name in a
    /// description): <paramref name="word"/> may set them on the options of each tool, by its declared name.
    /// </summary>
    internal ConnectorToolsBuilder Add<TTools>(Action<string, AppBriefing, McpServerToolCreateOptions>? word)
        where TTools : class
    {
        const BindingFlags Methods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        foreach (var method in typeof(TTools).GetMethods(Methods))
        {
            if (method.GetCustomAttribute<McpServerToolAttribute>() is not { } attribute)
            {
                continue;
            }

            var declaredName = attribute.Name ?? method.Name;
            GatedTools.EnsureTakesTheSession(declaredName, method);
            _mcp.Services.AddSingleton(services =>
            {
                var briefing = services.GetRequiredService<AppBriefing>();
                var options = new McpServerToolCreateOptions { Services = services, SerializerOptions = s_resultOptions };
                word?.Invoke(declaredName, briefing, options);
                var tool = method.IsStatic
                    ? McpServerTool.Create(method, target: null, options)
                    : McpServerTool.Create(method, context => ActivatorUtilities.CreateInstance<TTools>(context.Services!), options);
                if (GatedTools.IsGated(tool.ProtocolTool.Name))
                {
                    GatedTools.AddSessionArgument(tool, briefing.FrontDoor);
                }

                return tool;
            });
        }

        return this;
    }
}
