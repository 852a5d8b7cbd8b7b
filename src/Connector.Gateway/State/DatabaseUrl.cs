using System.Globalization;
using Npgsql;

namespace Connector.Gateway.State;

/// <summary>
/// DATABASE_URL as hosts hand it out (<c>postgresql://user:pass@host:5432/db?sslmode=require&amp;channel_binding=require</c>,
/// as Neon does) or as an Npgsql key=value string. Bounded timeouts are set unless the value names its own,
/// so an outage is noticed in seconds rather than hanging a user's call.
/// </summary>
internal static class DatabaseUrl
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A connection string, or an exception whose message says what is wrong without echoing the secret.</summary>
    public static string ToConnectionString(string value)
    {
        var builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(value)
            : FromKeyValue(value);

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException("DATABASE_URL names no host.");
        }

        var named = NamedKeys(value);
        if (!named.Overlaps(["timeout", "connect_timeout"]))
        {
            builder.Timeout = (int)DefaultTimeout.TotalSeconds;
        }

        if (!named.Overlaps(["command timeout", "commandtimeout", "command_timeout"]))
        {
            builder.CommandTimeout = (int)DefaultTimeout.TotalSeconds;
        }

        if (!named.Overlaps(["cancellation timeout", "cancellationtimeout"]))
        {
            // After a command timeout, don't also wait on a cancel request to a server that isn't answering.
            builder.CancellationTimeout = -1;
        }

        builder.ApplicationName ??= "connector-gateway";
        return builder.ConnectionString;
    }

    private static NpgsqlConnectionStringBuilder FromKeyValue(string value)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException("DATABASE_URL is neither a postgresql:// URL nor a valid key=value connection string: " + ex.Message, ex);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("DATABASE_URL is not a valid postgresql:// URL (expected postgresql://user:password@host:5432/database).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : null,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var (key, parameter) in Query(uri.Query))
        {
            Apply(builder, key, parameter);
        }

        return builder;
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
                    ? mode
                    : throw new FormatException($"DATABASE_URL: sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full.");
                break;
            case "channel_binding":
                builder.ChannelBinding = Enum.TryParse<ChannelBinding>(value, ignoreCase: true, out var binding)
                    ? binding
                    : throw new FormatException($"DATABASE_URL: channel_binding '{value}' is not one of disable, prefer, require.");
                break;
            case "connect_timeout":
                builder.Timeout = Seconds(key, value);
                break;
            case "command_timeout":
                builder.CommandTimeout = Seconds(key, value);
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "options":
                builder.Options = value;
                break;
            case "pool_max_size" or "max_pool_size":
                builder.MaxPoolSize = Seconds(key, value);
                break;
            default:
                throw new FormatException($"DATABASE_URL: the parameter '{key}' is not supported (known: sslmode, channel_binding, connect_timeout, command_timeout, application_name, sslrootcert, options, max_pool_size).");
        }
    }

    private static int Seconds(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"DATABASE_URL: {key} must be a positive whole number.");

    private static IEnumerable<(string Key, string Value)> Query(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? (Uri.UnescapeDataString(pair), "")
                : (Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..]));
        });

    /// <summary>The setting names the value spells out itself, in either form, lower-cased.</summary>
    private static HashSet<string> NamedKeys(string value)
    {
        var pairs = value.Contains("://", StringComparison.Ordinal)
            ? (value.Split('?', 2) is [_, var query] ? query.Split('&') : [])
            : value.Split(';');
        return pairs.Select(p => p.Split('=', 2)[0].Trim().ToLowerInvariant()).Where(k => k.Length > 0).ToHashSet();
    }
}
