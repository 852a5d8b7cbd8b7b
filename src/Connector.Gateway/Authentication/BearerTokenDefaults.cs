namespace Connector.Gateway.Authentication;

public static class BearerTokenDefaults
{
    public const string AuthenticationScheme = "ConnectorBearer";

    /// <summary>What POST /mcp requires: a verified caller whose token grants every scope in AUTH_SCOPES.</summary>
    public const string McpPolicy = "ConnectorMcp";

    /// <summary>Set on a failed authentication when no key could be fetched, so the challenge answers 503, not 401.</summary>
    internal const string KeysUnavailableItem = "connector.keys-unavailable";
}
