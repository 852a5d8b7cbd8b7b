using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tools;

/// <summary>
/// Invariant 3 for tools, in one place: every <c>domain_*</c> and <c>user_*</c> tool is gated. Its input schema gets
/// the <c>session</c> argument from the skeleton, <see cref="ToolCallGuard"/> checks that session against the verified
/// bearer before the tool runs, and the tool receives a <see cref="VerifiedUser"/>. A gated tool without a
/// <see cref="VerifiedUser"/> parameter is refused at start-up, naming it.
/// </summary>
internal static class GatedTools
{
    private static readonly string[] s_gatedPrefixes = ["domain_", "user_"];

    public static bool IsGated(string toolName) => s_gatedPrefixes.Any(p => toolName.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Throws when a gated tool's method takes no <see cref="VerifiedUser"/>: it would run outside the gate's sight.</summary>
    public static void EnsureTakesTheSession(string toolName, MethodInfo method)
    {
        if (IsGated(toolName) && !method.GetParameters().Any(p => p.ParameterType == typeof(VerifiedUser)))
        {
            throw new InvalidOperationException(
                $"Tool {toolName} ({method.DeclaringType?.Name}.{method.Name}) is gated (domain_* and user_* tools are), but takes no "
                + $"{nameof(VerifiedUser)}. Add a parameter `{nameof(VerifiedUser)} user` (or `{nameof(VerifiedUser)} _` when the tool doesn't need the id).");
        }
    }

    /// <summary>Adds the required <c>session</c> string to a gated tool's input schema, first, as the AI must send it.</summary>
    public static void AddSessionArgument(McpServerTool tool, string frontDoor)
    {
        var schema = JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())!.AsObject();
        var properties = new JsonObject
        {
            [SessionGate.ArgumentName] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = Refusals.SessionArgumentDescription(frontDoor),
            },
        };
        if (schema["properties"] is JsonObject existing)
        {
            foreach (var (name, value) in existing.ToList())
            {
                existing.Remove(name);
                properties[name] = value;
            }
        }

        var required = new JsonArray(SessionGate.ArgumentName);
        if (schema["required"] is JsonArray existingRequired)
        {
            foreach (var name in existingRequired.ToList())
            {
                existingRequired.Remove(name);
                required.Add(name);
            }
        }

        schema["properties"] = properties;
        schema["required"] = required;
        tool.ProtocolTool.InputSchema = JsonSerializer.SerializeToElement(schema);
    }
}
