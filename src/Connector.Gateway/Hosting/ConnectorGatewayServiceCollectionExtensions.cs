using Connector.Gateway.Authentication;
using Connector.Gateway.Hosting;
using Connector.Gateway.Mcp;
using Connector.Gateway.Session;
using Connector.Gateway.State;
using Connector.Gateway.Telemetry;
using Connector.Gateway.Tools;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ConnectorGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the shared gateway for one connector-native app: bearer-token identity, session tokens, the
    /// embedded state store, <c>health</c>, the front door (<c>begin_session</c> or the app's own name) and the
    /// <c>config_get_rules</c> and <c>config_get_persona</c> tools. Returns a builder that adds tools only, so the
    /// app adds its own three tool groups with <c>WithConnectorTools&lt;T&gt;()</c> and nothing else.
    /// </summary>
    public static ConnectorToolsBuilder AddConnectorGateway<TApp>(this IServiceCollection services, IConfiguration configuration)
        where TApp : class, IConnectorApp
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging(logging =>
        {
            // Start-up failures we expect (configuration, an unreachable store) are explained in one line by
            // RunConnectorGatewayAsync; the host's own copy would bury that line under a stack trace.
            Quiet(logging, "Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
            // The request-line logs print whole URLs: a token someone put in a query string would land in the
            // logs. The gateway's own per-call lines say what matters without it.
            Quiet(logging, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
            // The SDK's own error lines echo caller-controlled strings (an unknown tool's "name" may be a pasted
            // token). ToolCallGuard logs every call and every unexpected failure itself, without them.
            Quiet(logging, "ModelContextProtocol", LogLevel.Critical);
        });
        services.TryAddSingleton<IConnectorApp, TApp>();
        services.TryAddSingleton<AppBriefing>();

        services.AddOptions<ResourceServerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ResourceServerOptions>, ResourceServerOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResourceServerOptions>, ResourceServerOptionsValidator>());
        services.AddHttpClient(BearerTokenDefaults.JwksHttpClient, http =>
        {
            http.Timeout = TimeSpan.FromSeconds(5);
            // A JWKS is a few keys; anything larger is not one, and is not read into memory.
            http.MaxResponseContentBufferSize = 256 * 1024;
        });
        // Too late if this process has validated a token already; this repository's runtimeconfig sets it at start.
        AppContext.SetSwitch(BearerTokenOptionsSetup.BlockingKeyRefreshSwitch, true);
        services.TryAddSingleton<JwksRetriever>();
        services.TryAddSingleton<VerifiedTokenCache>();
        services.TryAddSingleton<BearerTokenEvents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, BearerTokenOptionsSetup>());
        var authentication = services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme);
        if (configuration.Flag(GatewaySettings.AuthDisabled))
        {
            authentication.AddScheme<AuthenticationSchemeOptions, StandInUserHandler>(BearerTokenDefaults.AuthenticationScheme, null);
        }
        else
        {
            authentication.AddJwtBearer(BearerTokenDefaults.AuthenticationScheme, _ => { });
        }

        // Deny by default: an endpoint someone adds later is protected unless it says otherwise.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(BearerTokenDefaults.McpPolicy, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new RequiredScopesRequirement()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, RequiredScopesHandler>());

        services.AddOptions<SessionTokenOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SessionTokenOptions>, SessionTokenOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionTokenOptions>, SessionTokenOptionsValidator>());
        services.TryAddSingleton<SessionTokenService>();
        services.TryAddSingleton<SessionGate>();
        services.TryAddScoped<VerifiedUserSlot>();
        // What a gated tool's VerifiedUser parameter is bound to: set by the guard once the session has passed.
        services.TryAddScoped(provider => provider.GetRequiredService<VerifiedUserSlot>().User ?? throw Refusals.NotSignedIn());

        services.AddStateStore(configuration);

        services.AddOptions<RequestLimitsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RequestLimitsOptions>, RequestLimitsOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequestLimitsOptions>, SettingProblemsValidator<RequestLimitsOptions>>());
        services.TryAddSingleton<RequestBodyLimit>();
        services.TryAddSingleton<AcceptWhatHostsSend>();
        services.TryAddSingleton<JsonContentType>();
        services.TryAddSingleton<UnreadableParams>();
        services.AddOptions<RequestOriginOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RequestOriginOptions>, RequestOriginOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequestOriginOptions>, SettingProblemsValidator<RequestOriginOptions>>());
        services.TryAddSingleton<RequestOriginGuard>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ModelContextProtocol.Server.McpServerOptions>, McpServerOptionsSetup>());
        services.TryAddSingleton<ToolCallGuard>();
        services.AddHostedService<ToolCatalogCheck>();
        services.AddHttpContextAccessor();
        services.AddUserRateLimit();
        services.AddHealthChecks().AddCheck<StateStoreHealthCheck>("state-store", tags: ["ready"]);
        services.AddGatewayTelemetry(configuration, typeof(TApp).Assembly.GetName().Name ?? "connector-gateway");

        return new ConnectorToolsBuilder(services
            .AddMcpServer()
            // The SDK's own Streamable HTTP host, stateless: any instance answers any request, both protocol eras.
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithMessageFilters(filters => filters.AddOutgoingFilter(ToolsOnlyCapabilities.Filter))
            .WithRequestFilters(filters => filters.AddCallToolFilter(next =>
                (context, cancellationToken) => context.Services!.GetRequiredService<ToolCallGuard>().Wrap(next)(context, cancellationToken))))
            .Add<GatewayTools>(GatewayTools.InTheAppsWords)
            .Add<AppTextTools>((name, briefing, tool) => tool.Description = AppTextTools.DescriptionFor(name, briefing));
    }

    private static void AddStateStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.Text(GatewaySettings.DatabaseUrl) is not null)
        {
            services.AddOptions<PostgresStoreOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<PostgresStoreOptions>, PostgresStoreOptionsSetup>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsSetup>());
            services.TryAddSingleton<PostgresStateStore>();
            services.TryAddSingleton<IStateStore>(provider => new InstrumentedStateStore(
                provider.GetRequiredService<PostgresStateStore>(), "postgresql", provider.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SqliteStoreOptions>, SqliteStoreOptionsSetup>());
            services.TryAddSingleton<SqliteStateStore>();
            services.TryAddSingleton<IStateStore>(provider => new InstrumentedStateStore(
                provider.GetRequiredService<SqliteStateStore>(), "sqlite", provider.GetRequiredService<TimeProvider>()));
        }

        services.AddHostedService<StateStoreInitializer>();
    }

    /// <summary>
    /// Sets a category's minimum level for every provider, and again for the console by name: a console-specific
    /// setting such as <c>Logging:Console:LogLevel:Default</c> would otherwise outrank a provider-less rule and
    /// let those lines through.
    /// </summary>
    private static void Quiet(ILoggingBuilder logging, string category, LogLevel level) =>
        logging.AddFilter(category, level).AddFilter<ConsoleLoggerProvider>(category, level);
}
