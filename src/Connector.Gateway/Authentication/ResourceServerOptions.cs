namespace Connector.Gateway.Authentication;

/// <summary>How the gateway, an OAuth 2.1 resource server, decides whether a bearer token is for it.</summary>
public sealed class ResourceServerOptions
{
    /// <summary>This server as an RFC 8707 resource: the canonical connector URL (ends in <c>/mcp</c>).</summary>
    public Uri? McpResource { get; set; }

    /// <summary>The same server in origin form (<c>scheme://host[:port]</c>); tokens may name either.</summary>
    public Uri? OriginResource { get; set; }

    public string? Issuer { get; set; }

    public Uri? JwksUrl { get; set; }

    /// <summary>Demo mode: no token check, everyone is one stand-in user. Refused in Production.</summary>
    public bool AuthDisabled { get; set; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long fetched signing keys are trusted before they are fetched again.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two fetches caused by an unknown <c>kid</c>, so forged kids can't flood the issuer.</summary>
    public TimeSpan JwksMinRefetchInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Asymmetric algorithms only: <c>none</c> and HMAC are never accepted.</summary>
    public IReadOnlyList<string> AllowedAlgorithms { get; set; } =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>Scopes every token must carry (AUTH_SCOPES); empty: none are required.</summary>
    public IReadOnlyList<string> RequiredScopes { get; set; } = [];

    /// <summary>The <c>sub</c> every caller gets when <see cref="AuthDisabled"/> is on.</summary>
    public string StandInSubject { get; set; } = "stand-in-user";

    internal Uri ProtectedResourceMetadataUrl =>
        new(OriginResource!, "/.well-known/oauth-protected-resource" + McpResource!.AbsolutePath);
}
