using System.Text.Json.Nodes;

namespace Connector.Gateway.Tools;

/// <summary>
/// What one connector-native app (a reading room, a tutor, a support desk) tells the shared gateway.
/// The gateway owns identity, sessions, the store and failing closed; the app owns its words and its tools.
/// </summary>
public interface IConnectorApp
{
    /// <summary>The app's name as people say it, e.g. "The Reading Room"; used in refusals and discovery.</summary>
    string Name { get; }

    /// <summary>
    /// One or two sentences for people, about what the app is for (shown on the page at <c>/</c> under the name).
    /// Plain text: the page encodes it. Empty by default, and the page then says only what every connector is.
    /// </summary>
    string About => "";

    /// <summary>
    /// The name of the tool the AI calls first (the front door), in the app's words, e.g. <c>begin_lesson</c>.
    /// Every description, refusal and instruction of the skeleton names this one.
    /// </summary>
    string FrontDoor => GatewayToolNames.BeginSession;

    /// <summary>How the AI should behave for this user. The gateway appends its fail-closed paragraph.</summary>
    string Rules { get; }

    /// <summary>The voice the AI speaks in.</summary>
    string Persona { get; }

    /// <summary>
    /// More standing texts the front door hands out next to rules and persona, by name (e.g. a tutor's
    /// <c>method</c>); none by default.
    /// </summary>
    IReadOnlyDictionary<string, string> Texts => System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>What the front door shows of a user's saved state (null: nothing saved yet).</summary>
    JsonNode DescribeState(JsonObject? savedState);

    /// <summary>The one-line reminder the front door ends with, in the app's voice.</summary>
    string Reminder { get; }
}
