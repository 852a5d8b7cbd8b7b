using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Gateway.Content;
using Connector.Gateway.Tools;
using MyConnector.App.Saved;

namespace MyConnector.App;

/// <summary>The app as the skeleton sees it: its name, its front door, its words, and how a user's state is shown.</summary>
internal sealed class ThisApp(SavedItems saved, IHostEnvironment environment) : IConnectorApp
{
    private readonly AppTextFile _rules = AppTextFile.In(environment, "rules.md");
    private readonly AppTextFile _persona = AppTextFile.In(environment, "persona.md");

    public string Name => "My Connector";

    public string FrontDoor => "begin_session";

    public string About => "My Connector answers from its own content and remembers what each user keeps, across conversations.";

    public string Rules => _rules.Text;

    public string Persona => _persona.Text;

    public string Reminder => "Greet them briefly; mention what they saved before, if anything, then help.";

    public JsonNode DescribeState(JsonObject? savedState) =>
        JsonSerializer.SerializeToNode(saved.Read(savedState), AppJsonContext.Default.IReadOnlyListSavedItem)!;
}
