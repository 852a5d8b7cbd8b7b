using ModelContextProtocol;

namespace Connector.Gateway.Tools;

/// <summary>
/// A tool's plain-words refusal, returned to the AI as a tool error (<c>isError: true</c>) so it can tell
/// the user or correct its call. The message is written for the AI and must never carry secrets.
/// </summary>
/// <param name="failClosedCause">
/// Set when the refusal ends the session's work rather than correcting a call (no session, an expired one, the
/// store down): what telemetry counts as a fail-closed refusal, by this cause.
/// </param>
public sealed class ToolRefusal(string message, string? failClosedCause = null) : McpException(message)
{
    public string? FailClosedCause { get; } = failClosedCause;
}
