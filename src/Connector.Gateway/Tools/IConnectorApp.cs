using System.Text.Json.Nodes;

namespace Connector.Gateway.Tools;

/// <summary>
/// What one connector-native app (a reading room, a tutor, a support desk) tells the shared gateway.
/// The gateway owns identity, sessions, the store and failing closed; the app owns its words and its tools.
/// </summary>
public interface IConnectorApp
{
    /// <summary>The app's name as people say it, e.g. "the Reading Room"; used in refusals and discovery.</summary>
    string Name { get; }

    /// <summary>How the AI should behave for this user. The gateway appends its fail-closed paragraph.</summary>
    string Rules { get; }

    /// <summary>The voice the AI speaks in.</summary>
    string Persona { get; }

    /// <summary>What <c>begin_session</c> shows of a user's saved state (null: nothing saved yet).</summary>
    JsonNode DescribeState(JsonObject? savedState);

    /// <summary>The one-line reminder begin_session ends with, in the app's voice.</summary>
    string Reminder { get; }
}
