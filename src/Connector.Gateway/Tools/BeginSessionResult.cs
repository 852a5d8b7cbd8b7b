using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Connector.Gateway.Tools;

/// <summary>Everything the AI needs at the start of a conversation, in one cooperative block.</summary>
public sealed record BeginSessionResult(
    [property: Description("Pass this unchanged as `session` to every tool that asks for it.")] string Session,
    [property: Description("When the session token stops working; call this tool again after it.")] DateTimeOffset ExpiresAt,
    [property: Description("How to behave for this user. Please follow them.")] string Rules,
    [property: Description("The voice to speak in.")] string Persona,
    [property: Description("What this user has saved, from earlier conversations.")] JsonNode State,
    [property: Description("The app's other standing texts by name (e.g. a teaching method), when it has any. Follow them too.")] IReadOnlyDictionary<string, string>? Texts,
    [property: Description("How to present this.")] string Reminder,
    [property: Description("Present only when something about this connector needs the user's attention.")] string? Warning);
