using ModelContextProtocol;

namespace Connector.Gateway.Tools;

/// <summary>
/// A tool's plain-words refusal, returned to the AI as a tool error (<c>isError: true</c>) so it can tell
/// the user or correct its call. The message is written for the AI and must never carry secrets.
/// </summary>
public sealed class ToolRefusal(string message) : McpException(message);
