namespace Connector.Gateway.Tools;

/// <summary>The two tools every connector-native app has, whatever its three groups hold.</summary>
public static class GatewayToolNames
{
    public const string Health = "health";
    public const string BeginSession = "begin_session";
}
