using System.Security.Cryptography;
using Connector.DevAuth.Authorization;
using Connector.DevAuth.Clients;
using Connector.DevAuth.Grants;
using Connector.DevAuth.Keys;
using Connector.DevAuth.Protocol;
using Connector.DevAuth.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connector.DevAuth.Hosting;

internal static class DevAuthHostingExtensions
{
    public static WebApplicationBuilder AddDevAuth(this WebApplicationBuilder builder)
    {
        RefuseProduction(builder.Environment);

        // Listening where the issuer points keeps every `iss` a URL that really serves /jwks.json.
        // An explicit ASPNETCORE_URLS or --urls still wins, so tests can take a free port and set DEV_AUTH_URL to match.
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DevAuthSettings.ReadIssuer(builder.Configuration));
        }

        // Resolved from the built host's configuration, because a test factory's settings can arrive as late as Build().
        builder.Services.AddSingleton(services => DevAuthSettings.FromConfiguration(services.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(services => new SigningKeyRing(
            services.GetRequiredService<DevAuthSettings>().KeyDirectory,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<SigningKeyRing>>()));

        // Transient, so whoever asks for the key gets the current one even after a rotation.
        builder.Services.AddTransient(services => services.GetRequiredService<SigningKeyRing>().Current);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AccessTokenIssuer>();

        // Singletons holding clients, pending consents, codes and refresh tokens in memory: fine for one dev process,
        // and the reason this service must never be scaled out or relied on across restarts.
        builder.Services.AddSingleton<ClientRegistry>();
        builder.Services.AddSingleton<PendingAuthorizations>();
        builder.Services.AddSingleton<ConsentCsrf>();
        builder.Services.AddSingleton<GrantStore>();
        builder.Services.AddSingleton<ClientMetadataDocuments>();
        builder.Services.AddSingleton<ClientDirectory>();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, DevAuthJsonContext.Default));
        return builder;
    }

    /// <summary>Fails before serving anything if the settings or the key are unusable, instead of on the first request.</summary>
    public static WebApplication PrepareDevAuth(this WebApplication app)
    {
        // Checked again: a test factory can change the environment after AddDevAuth ran.
        RefuseProduction(app.Environment);

        var settings = app.Services.GetRequiredService<DevAuthSettings>();
        var signingKey = LoadSigningKey(app.Services, settings);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Connector.DevAuth");
        DevAuthLog.DevOnlyWarning(logger, settings.Issuer, signingKey.KeyId, DevSigningKey.KeyFilePath(settings.KeyDirectory));
        return app;
    }

    private static void RefuseProduction(IHostEnvironment environment)
    {
        if (environment.IsProduction())
        {
            throw new StartupRefusedException(
                "the environment is Production. This sign-in service hands a signed token to anyone who asks; it is for local development and tests only, never a production issuer. "
                + "Set ASPNETCORE_ENVIRONMENT=Development to run it (Production is the default when ASPNETCORE_ENVIRONMENT is unset).");
        }
    }

    private static DevSigningKey LoadSigningKey(IServiceProvider services, DevAuthSettings settings)
    {
        try
        {
            return services.GetRequiredService<SigningKeyRing>().Current;
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException)
        {
            throw new StartupRefusedException(
                $"the signing key in {settings.KeyDirectory} ({DevAuthSettings.KeyDirectoryKey}) could not be loaded or created: {problem.Message}",
                problem);
        }
    }
}
