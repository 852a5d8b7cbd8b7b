using System.Text.Json;

namespace Connector.TestKit;

/// <summary>A tools/call result as it came over the wire.</summary>
public sealed record ToolCall(bool IsError, string Text, JsonElement? Structured)
{
    public JsonElement Data => Structured ?? throw new InvalidOperationException($"No structuredContent; the tool said: {Text}");
}
