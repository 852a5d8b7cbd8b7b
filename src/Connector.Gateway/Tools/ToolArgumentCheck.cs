using System.Text.Json;

namespace Connector.Gateway.Tools;

/// <summary>
/// Checks a call's arguments against the tool's own input schema before the tool runs, so a wrong call gets
/// an answer that names the argument. Unknown arguments are refused rather than ignored: a <c>user_id</c>
/// the AI adds is a sign it thinks it can choose whose data to read, and it should hear that it can't.
/// </summary>
internal static class ToolArgumentCheck
{
    public const int MaxStringLength = 10_000;

    /// <summary>A plain-words problem with the arguments, or null when they fit the schema.</summary>
    public static string? FindProblem(string toolName, JsonElement inputSchema, IDictionary<string, JsonElement>? arguments, string frontDoor)
    {
        var properties = inputSchema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var allowed = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(x => x.Name).ToList() : [];

        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var takes = allowed.Count == 0 ? "no arguments" : "only " + string.Join(", ", allowed.Select(a => $"`{a}`"));
                return $"Unknown argument `{name}` for {toolName}: it takes {takes}. "
                    + "Who the user is comes from their sign-in, never from an argument.";
            }

            if (TypeProblem(name, properties.GetProperty(name), value, frontDoor) is { } problem)
            {
                return problem + $" (tool {toolName})";
            }
        }

        if (inputSchema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (arguments is null || !arguments.ContainsKey(name))
                {
                    return name == SessionGate.ArgumentName
                        ? Refusals.NoSessionGiven(toolName, frontDoor)
                        : $"Missing required argument `{name}` for {toolName}.";
                }
            }
        }

        return null;
    }

    private static string? TypeProblem(string name, JsonElement schema, JsonElement value, string frontDoor)
    {
        var types = AllowedTypes(schema);
        if (types.Count > 0 && !types.Any(t => Fits(t, value)))
        {
            if (name == SessionGate.ArgumentName)
            {
                return Refusals.SessionNotAString(name, Describe(value), frontDoor);
            }

            return $"Argument `{name}` must be {string.Join(" or ", types.Where(t => t != "null"))}{(types.Contains("null") ? " (or omitted)" : "")}, not {Describe(value)}.";
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > MaxStringLength)
        {
            return $"Argument `{name}` is too long: at most {MaxStringLength} characters.";
        }

        return null;
    }

    private static List<string> AllowedTypes(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString()!).ToList(),
            _ => [],
        };
    }

    private static bool Fits(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "that value",
    };
}
