using System.Text.Json;

namespace ReadingRoom.IntegrationTests.Infrastructure;

/// <summary>A tools/call result as it came over the wire.</summary>
public sealed record ToolCall(bool IsError, string Text, JsonElement? Structured)
{
    public JsonElement Data => Structured ?? throw new InvalidOperationException($"No structuredContent; the tool said: {Text}");
}
