namespace Connector.DevAuth.Authorization;

internal static class SupportedScopes
{
    /// <summary>What the gateway's tools need; granted when a client asks for no scope.</summary>
    public const string Reading = "reading";

    public const string OfflineAccess = "offline_access";

    public static IReadOnlyList<string> All { get; } = [Reading, OfflineAccess];
}
