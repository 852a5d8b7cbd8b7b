namespace Connector.Gateway.Tools;

/// <summary>The tools every connector-native app has, whatever its three groups hold.</summary>
public static class GatewayToolNames
{
    public const string Health = "health";

    /// <summary>The front door's name unless the app chooses its own (<see cref="IConnectorApp.FrontDoor"/>).</summary>
    public const string BeginSession = "begin_session";

    public const string ConfigGetRules = "config_get_rules";
    public const string ConfigGetPersona = "config_get_persona";
}
