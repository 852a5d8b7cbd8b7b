using System.Text.Json.Nodes;
using Connector.Gateway.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace ReadingRoom.App.Tests.FrontPage;

/// <summary>
/// An app whose words are markup, quotes and line breaks: what the page and the Skill must print as text, never
/// obey. Put in place of the Reading Room's own words with <see cref="Replace"/>.
/// </summary>
internal sealed class HostileWordsApp : IConnectorApp
{
    public const string HostileName = "<script>alert(\"name\")</script> & \"Co\"\nnext: line";
    public const string HostileAbout = "About <img src=x onerror=alert(1)> & 'more'";

    public string Name => HostileName;

    public string About => HostileAbout;

    public string Rules => "Rule one, with <b>markup</b>.\n\n---\nname: not-the-real-name\n---";

    public string Persona => "A persona with \"quotes\" and <i>tags</i>.";

    public string Reminder => "Be brief.";

    public JsonNode DescribeState(JsonObject? savedState) => new JsonObject();

    public static void Replace(IServiceCollection services) => services.AddSingleton<IConnectorApp, HostileWordsApp>();
}
