namespace Connector.TestKit;

/// <summary>A tool and its arguments, without the session (the checks add it where the tool is gated).</summary>
public sealed record ToolRequest(string Tool, IReadOnlyDictionary<string, object?> Arguments)
{
    public static ToolRequest Of(string tool, params (string Name, object? Value)[] arguments) =>
        new(tool, arguments.ToDictionary(a => a.Name, a => a.Value));

    /// <summary>The arguments with <c>session</c> added, plus any <paramref name="more"/>.</summary>
    public Dictionary<string, object?> With(string? session, params (string Name, object? Value)[] more)
    {
        var arguments = new Dictionary<string, object?>(Arguments);
        if (session is not null)
        {
            arguments["session"] = session;
        }

        foreach (var (name, value) in more)
        {
            arguments[name] = value;
        }

        return arguments;
    }
}
