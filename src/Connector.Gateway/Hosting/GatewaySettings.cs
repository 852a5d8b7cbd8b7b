using System.Globalization;
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

    /// <summary>A yes/no setting: 1/true/yes or 0/false/no (any case); unset is no. Anything else is a <see cref="FlagProblem"/>.</summary>
    internal static bool Flag(this IConfiguration configuration, string key) =>
        configuration.Text(key) is { } value && s_yes.Contains(value);

    /// <summary>What is wrong with a yes/no setting, naming it, or null when it is unset or well-formed.</summary>
    internal static string? FlagProblem(this IConfiguration configuration, string key) =>
        configuration.Text(key) is { } value && !s_yes.Contains(value) && !s_no.Contains(value)
            ? $"{key} must be 1 or 0 (also true/false, yes/no), not '{value}'."
            : null;

    /// <summary>
    /// A whole-number setting between <paramref name="min"/> and <paramref name="max"/>: its value, the fallback when
    /// unset, or a problem naming the variable when it is malformed or out of range (then the fallback is returned,
    /// and start-up stops on the problem).
    /// </summary>
    internal static (long Value, string? Problem) WholeNumber(this IConfiguration configuration, string key, long fallback, long min, long max, string unit)
    {
        if (configuration.Text(key) is not { } text)
        {
            return (fallback, null);
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (fallback, $"{key} must be a whole number from {min} to {max} ({unit}), not '{text}'.");
    }

    private static readonly HashSet<string> s_yes = new(["1", "true", "yes"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> s_no = new(["0", "false", "no"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Where local, development-only files (the embedded database, a generated secret) live.</summary>
    internal static string DataDirectory(this IConfiguration configuration) =>
        Path.GetFullPath(configuration.Text(DataDir) ?? ".data");
}
