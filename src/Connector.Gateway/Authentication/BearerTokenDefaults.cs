namespace Connector.Gateway.Authentication;

public static class BearerTokenDefaults
{
    public const string AuthenticationScheme = "ConnectorBearer";

    /// <summary>What POST /mcp requires: a verified caller whose token grants every scope in AUTH_SCOPES.</summary>
    public const string McpPolicy = "ConnectorMcp";

    /// <summary>The claim the caller is known by: a verified token's <c>sub</c>, never anything an argument says.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The HTTP client that fetches the issuer's JWKS (5 s timeout, at most 256 KiB).</summary>
    internal const string JwksHttpClient = "connector-jwks";
}
