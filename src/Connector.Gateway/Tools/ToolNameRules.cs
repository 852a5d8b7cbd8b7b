using System.Text.RegularExpressions;

namespace Connector.Gateway.Tools;

/// <summary>
/// Invariant 1's naming, in one place: every tool is <c>health</c>, the app's front door, or in one of the three
/// groups, and every name fits what hosts accept. One bad name hides the whole connector in a host, so a bad one
/// stops start-up instead.
/// </summary>
internal static partial class ToolNameRules
{
    public static readonly string[] Groups = ["domain_", "user_", "config_"];

    /// <summary>Why <paramref name="name"/> can't be the front door, or null when it can.</summary>
    public static string? FrontDoorProblem(string? name) =>
        name is null || !HostRule().IsMatch(name) ? "a tool name must be 1 to 64 letters, digits, '_' or '-' (hosts refuse anything else)."
        : name == GatewayToolNames.Health ? "health is the skeleton's own tool."
        : Groups.Any(g => name.StartsWith(g, StringComparison.Ordinal)) ? $"the front door stands outside the groups, so it can't start with {string.Join(", ", Groups)}."
        : null;

    /// <summary>Throws, naming each, when a registered tool's name breaks the rules or is used twice.</summary>
    public static void EnsureAllFit(IEnumerable<string> toolNames, string frontDoor)
    {
        var names = toolNames.ToList();
        var problems = names
            .Where(n => !HostRule().IsMatch(n))
            .Select(n => $"'{n}' is not 1 to 64 letters, digits, '_' or '-'")
            .Concat(names.Where(n => HostRule().IsMatch(n) && n != GatewayToolNames.Health && n != frontDoor && !Groups.Any(g => n.StartsWith(g, StringComparison.Ordinal)))
                .Select(n => $"{n} is in no group (start it with {string.Join(", ", Groups)})"))
            .Concat(names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} is registered {g.Count()} times"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The app's tools can't be served: " + string.Join("; ", problems) + ".");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex HostRule();
}
