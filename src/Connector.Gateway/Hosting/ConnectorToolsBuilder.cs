using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.ComponentModel;
using Connector.Gateway.Hosting;
using Connector.Gateway.Search;
using Connector.Gateway.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    /// Adds a gated search tool over the app's <paramref name="source"/>: by keyword (SQLite FTS5, BM25) always, and
    /// by meaning too when the app registered an <see cref="ITextEmbedder"/> (e.g. <c>AddMiniLmEmbeddings()</c>), the
    /// two fused by reciprocal rank. It takes a <c>query</c> and a <c>page</c> and returns ranked ids, titles, snippets
    /// and scores; the AI then fetches by id. Name it in the domain group, e.g. <c>domain_search_articles</c>.
    /// </summary>
    public ConnectorToolsBuilder WithSearch(string toolName, Func<IServiceProvider, ISearchSource> source, SearchWords words)
    {
        _mcp.Services.AddKeyedSingleton(toolName, (services, _) => new SearchService(
            toolName,
            source(services),
            words,
            services.GetService<ITextEmbedder>(),
            services.GetRequiredService<IConfiguration>().DataDirectory(),
            services.GetRequiredService<ILogger<SearchService>>()));
        _mcp.Services.AddSingleton(services => services.GetRequiredKeyedService<SearchService>(toolName));
        _mcp.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SearchIndexing>());
        var search = async (
            VerifiedUser _,
            [Description("What to look for, in the user's words: a title, a phrase, or what it is about.")] string query,
            IServiceProvider services,
            CancellationToken cancellationToken,
            [Description("Which page of matches, from 1 (the default).")] int page = 1) =>
            await services.GetRequiredKeyedService<SearchService>(toolName).SearchAsync(query, page, cancellationToken);
        return AddTool(toolName, search.Method, services => McpServerTool.Create(search, new McpServerToolCreateOptions
        {
            Name = toolName,
            Title = words.Title,
            Description = words.Description,
            ReadOnly = true,
            Idempotent = true,
            OpenWorld = false,
            Destructive = false,
            UseStructuredContent = true,
            Services = services,
            SerializerOptions = s_resultOptions,
        }));
    }

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
            AddTool(declaredName, method, services =>
            {
                var options = new McpServerToolCreateOptions { Services = services, SerializerOptions = s_resultOptions };
                word?.Invoke(declaredName, services.GetRequiredService<AppBriefing>(), options);
                return method.IsStatic
                    ? McpServerTool.Create(method, target: null, options)
                    : McpServerTool.Create(method, context => ActivatorUtilities.CreateInstance<TTools>(context.Services!), options);
            });
        }

        return this;
    }

    /// <summary>
    /// Registers one tool: a gated one must take a <see cref="VerifiedUser"/> (checked now, naming it) and gets the
    /// <c>session</c> argument in its schema when it is made.
    /// </summary>
    private ConnectorToolsBuilder AddTool(string declaredName, MethodInfo method, Func<IServiceProvider, McpServerTool> create)
    {
        GatedTools.EnsureTakesTheSession(declaredName, method);
        _mcp.Services.AddSingleton(services =>
        {
            var tool = create(services);
            if (GatedTools.IsGated(tool.ProtocolTool.Name))
            {
                GatedTools.AddSessionArgument(tool, services.GetRequiredService<AppBriefing>().FrontDoor);
            }

            return tool;
        });
        return this;
    }
}
