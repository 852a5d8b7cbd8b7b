using Connector.Gateway.Session;

namespace Connector.Gateway.Tools;

/// <summary>The gateway's own refusal texts, in one place so every tool says the same thing the same way.</summary>
public static class Refusals
{
    public static ToolRefusal Session(SessionCheck check) => check switch
    {
        SessionCheck.Missing => new("No session token was given. Call begin_session first, then pass its `session` value to this tool.", "session-missing"),
        SessionCheck.Expired => new("The session has expired. Call begin_session again to get a new session token, then retry.", "session-expired"),
        SessionCheck.OtherUser => new("This session token belongs to a different signed-in user. Call begin_session to get your own session token.", "session-other-user"),
        _ => new("The session token is not valid. Call begin_session to get a new one and pass its `session` value unchanged.", "session-invalid"),
    };

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
