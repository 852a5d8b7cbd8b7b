namespace Connector.Doctor;

/// <summary>What to check and how; parsed from the command line.</summary>
public sealed record DoctorOptions
{
    /// <summary>Claude's OAuth callback: the redirect_uri a registration must accept for Claude to sign in.</summary>
    public const string ClaudeCallback = "https://claude.ai/api/mcp/auth_callback";

    public required string Url { get; init; }

    public string? Token { get; init; }

    /// <summary>A dev sign-in's base URL: the doctor mints its own token there (development only).</summary>
    public string? DevSignIn { get; init; }

    public bool Json { get; init; }

    /// <summary>Off by default: a probe registers a real client at the sign-in service.</summary>
    public bool ProbeRegistration { get; init; }

    public string Callback { get; init; } = ClaudeCallback;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public const string Usage = """
        Usage: connector-doctor <connector-url> [options]
          --token <jwt>            check the MCP steps with this bearer token
          --dev-sign-in <url>      mint a token at this dev sign-in (GET <url>/token?sub=doctor&aud=<connector-url>)
          --probe-registration     register a test client with the host's callback (creates a client)
          --callback <url>         the host callback to check (default https://claude.ai/api/mcp/auth_callback)
          --json                   print a machine-readable report
        Exit code: 0 when no step failed, 1 when one did, 2 for a usage error.
        """;

    /// <summary>The options, or an error sentence for a command line that can't be run.</summary>
    public static (DoctorOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? url = null, token = null, devSignIn = null, callback = null;
        bool json = false, probe = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (arg)
            {
                case "--json": json = true; break;
                case "--probe-registration": probe = true; break;
                case "--token": token = Value() ?? ""; break;
                case "--dev-sign-in": devSignIn = Value() ?? ""; break;
                case "--callback": callback = Value() ?? ""; break;
                case "-h" or "--help": return (null, "");
                default:
                    if (arg.StartsWith('-') || url is not null)
                    {
                        return (null, $"Unknown argument '{arg}'.");
                    }

                    url = arg;
                    break;
            }
        }

        if (url is null)
        {
            return (null, "Give the connector URL, e.g. https://reading.example.com/mcp.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"'{url}' is not an http(s) URL.");
        }

        if (token == "" || devSignIn == "" || callback == "")
        {
            return (null, "--token, --dev-sign-in and --callback each need a value.");
        }

        return (new DoctorOptions
        {
            Url = url,
            Token = token,
            DevSignIn = devSignIn?.TrimEnd('/'),
            Json = json,
            ProbeRegistration = probe,
            Callback = callback ?? ClaudeCallback,
        }, null);
    }
}
