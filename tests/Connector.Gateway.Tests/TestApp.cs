using System.Text.Json.Nodes;
using Connector.Gateway.Tools;

namespace Connector.Gateway.Tests;

/// <summary>The smallest app on the skeleton, for tests of what the skeleton does around any app.</summary>
internal sealed class TestApp(string rules = "Be quiet.", string frontDoor = GatewayToolNames.BeginSession) : IConnectorApp
{
    public string Name => "The Test Room";

    public string FrontDoor => frontDoor;

    public string Rules => rules;

    public string Persona => "A calm voice.";

    public string Reminder => "Be brief.";

    public JsonNode DescribeState(JsonObject? savedState) => new JsonObject();
}
