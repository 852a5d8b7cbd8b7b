using Microsoft.Extensions.Configuration;

namespace Connector.Gateway.Hosting;

/// <summary>
/// The environment variable names the gateway reads. One flat name per setting, the same in
/// environment variables, <c>.env</c> files and <c>appsettings*.json</c>, so the docs name one thing.
/// </summary>
public static class GatewaySettings
{
    public const string Port = "PORT";
    public const string ResourceUrl = "RESOURCE_URL";
    public const string AuthIssuer = "AUTH_ISSUER";
    public const string AuthJwksUrl = "AUTH_JWKS_URL";
    public const string AuthDisabled = "AUTH_DISABLED";
    public const string AuthScopes = "AUTH_SCOPES";
    public const string SessionSigningSecret = "SESSION_SIGNING_SECRET";
    public const string SessionMinutes = "SESSION_MINUTES";
    public const string DatabaseUrl = "DATABASE_URL";
    public const string SqlitePath = "SQLITE_PATH";
    public const string DataDir = "DATA_DIR";
    public const string MaxRequestBytes = "MAX_REQUEST_BYTES";
    public const string AllowedOrigins = "ALLOWED_ORIGINS";
    public const string AllowedHosts = "ALLOWED_HOSTS";
    public const string RateLimitPerMinute = "RATE_LIMIT_PER_MINUTE";

    internal static string? Text(this IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    internal static bool Flag(this IConfiguration configuration, string key) =>
        configuration.Text(key) is { } value
        && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase));

    /// <summary>Where local, development-only files (the embedded database, a generated secret) live.</summary>
    internal static string DataDirectory(this IConfiguration configuration) =>
        Path.GetFullPath(configuration.Text(DataDir) ?? ".data");
}
