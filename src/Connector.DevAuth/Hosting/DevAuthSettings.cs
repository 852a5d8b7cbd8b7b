using System.Globalization;

namespace Connector.DevAuth.Hosting;

/// <summary>Start-up settings; each key is the environment variable that sets it.</summary>
internal sealed record DevAuthSettings(string Issuer, string KeyDirectory, TimeSpan TokenLifetime)
{
    public const string UrlKey = "DEV_AUTH_URL";
    public const string KeyDirectoryKey = "DEV_AUTH_KEY_DIR";
    public const string TokenMinutesKey = "DEV_AUTH_TOKEN_MINUTES";

    private const string DefaultIssuer = "http://localhost:9000";
    private const string DefaultKeyDirectory = ".data/dev-auth";
    private const int DefaultTokenMinutes = 60;
    private const int MaxTokenMinutes = 24 * 60;

    public static DevAuthSettings FromConfiguration(IConfiguration configuration) =>
        new(ReadIssuer(configuration), ReadKeyDirectory(configuration), ReadTokenLifetime(configuration));

    /// <summary>
    /// The issuer doubles as the listening URL, so it must be a bare origin: a token's `iss` has to be
    /// exactly the address its /jwks.json is served from.
    /// </summary>
    public static string ReadIssuer(IConfiguration configuration)
    {
        var configured = configuration[UrlKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DefaultIssuer;
        }

        var issuer = configured.Trim();
        if (issuer.EndsWith('/'))
        {
            issuer = issuer[..^1];
        }

        var isBareHttpOrigin =
            Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.UserInfo.Length == 0
            && uri.AbsolutePath == "/"
            && !issuer.EndsWith('/')
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0;

        return isBareHttpOrigin
            ? issuer
            : throw new StartupRefusedException(
                $"{UrlKey} must be an absolute http or https URL with no path, such as {DefaultIssuer}; it was '{configured}'.");
    }

    public static string ReadKeyDirectory(IConfiguration configuration)
    {
        var configured = configuration[KeyDirectoryKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultKeyDirectory : configured.Trim());
    }

    private static TimeSpan ReadTokenLifetime(IConfiguration configuration)
    {
        var configured = configuration[TokenMinutesKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return TimeSpan.FromMinutes(DefaultTokenMinutes);
        }

        return int.TryParse(configured.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && minutes is >= 1 and <= MaxTokenMinutes
            ? TimeSpan.FromMinutes(minutes)
            : throw new StartupRefusedException(
                $"{TokenMinutesKey} must be a whole number of minutes from 1 to {MaxTokenMinutes}; it was '{configured}'.");
    }
}
