using Connector.Gateway.Session;

namespace Connector.Gateway.Tools;

/// <summary>
/// Every sentence the skeleton says when it refuses or fails closed, in one place, so every tool of every app
/// says the same thing the same way and names the app's actual front door.
/// </summary>
public static class Refusals
{
    public static string FailClosedParagraph(string appName, string frontDoor) =>
        $"{AppBriefing.FailClosedHeading} if you cannot reach {frontDoor} or a tool returns an error, tell the user plainly that "
        + $"{appName} can't continue right now. Do not improvise an answer from your own knowledge and do not invent "
        + "the user's saved state.";

    public static string ServerInstructions(string frontDoor) =>
        $"Call {frontDoor} first in every conversation; it returns how to help this user and the session token the other tools need. "
        + "If a tool returns an error, tell the user plainly that the session can't continue; never invent results or saved data.";

    public static ToolRefusal Session(SessionCheck check, string frontDoor) => check switch
    {
        SessionCheck.Missing => new($"No session token was given. Call {frontDoor} first, then pass its `session` value to this tool.", "session-missing"),
        SessionCheck.Expired => new($"The session has expired. Call {frontDoor} again to get a new session token, then retry.", "session-expired"),
        SessionCheck.OtherUser => new($"This session token belongs to a different signed-in user. Call {frontDoor} to get your own session token.", "session-other-user"),
        _ => new($"The session token is not valid. Call {frontDoor} to get a new one and pass its `session` value unchanged.", "session-invalid"),
    };

    /// <summary>A gated call whose arguments lack the session: answered before the tool's schema is checked further.</summary>
    public static string NoSessionGiven(string toolName, string frontDoor) =>
        $"No session token was given to {toolName}. Call {frontDoor} first, then pass its `session` value to this tool.";

    public static string SessionNotAString(string argument, string given, string frontDoor) =>
        $"Argument `{argument}` must be the session token string that {frontDoor} returned, not {given}. Call {frontDoor} first if you don't have one.";

    public static string SessionArgumentDescription(string frontDoor) => $"The session token from {frontDoor}.";

    public static ToolRefusal StoreUnavailable(string appName) => new(
        $"{appName} can't continue right now: its memory (the saved-state store) can't be reached. "
        + "Tell the user plainly that the session can't continue at the moment and to try again later. "
        + "Do not improvise an answer and do not invent or guess their saved state.", "store-unavailable");

    public static ToolRefusal Unexpected(string appName) => new(
        $"{appName} hit an internal error and can't continue this request. Tell the user plainly that the session "
        + "can't continue right now; do not improvise an answer or invent their saved state.", "unexpected-failure");

    public static ToolRefusal NotSignedIn() => new(
        "No verified sign-in came with this call, so the session can't continue. Ask the user to reconnect (authorize) the connector.", "not-signed-in");
}
