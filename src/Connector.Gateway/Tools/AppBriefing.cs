using System.Reflection;
using System.Text.RegularExpressions;

namespace Connector.Gateway.Tools;

/// <summary>
/// The app as the skeleton presents it: its name, version, front door, persona, and its rules with the
/// gateway's standing order appended. The order is part of the skeleton, not of any one app, because it is what
/// stops a broken connector from quietly becoming a chatbot that invents state.
/// </summary>
public sealed partial class AppBriefing
{
    public const string FailClosedHeading = "Fail closed:";

    private readonly IConnectorApp _app;

    public AppBriefing(IConnectorApp app)
    {
        _app = app;
        FrontDoor = ToolNameRules.FrontDoorProblem(app.FrontDoor) is { } problem
            ? throw new InvalidOperationException($"The app's front door {app.FrontDoor} can't be used: {problem}")
            : app.FrontDoor;
        Version = app.GetType().Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
    }

    public string Name => _app.Name;

    /// <summary>The app's sentence or two for people (empty when it has none).</summary>
    public string About => _app.About.Trim();

    /// <summary>The app's version, as its assembly states it.</summary>
    public string Version { get; }

    /// <summary>The tool the AI calls first; <c>begin_session</c> unless the app names its own.</summary>
    public string FrontDoor { get; }

    public string Persona => _app.Persona;

    /// <summary>
    /// The app's rules, then the skeleton's fail-closed paragraph, always, in the skeleton's words: a paragraph of
    /// the app's own that starts the same way is dropped, so an app can neither remove nor reword the order.
    /// </summary>
    public string Rules
    {
        get
        {
            var own = string.Join("\n\n", ParagraphBreak().Split(_app.Rules.Trim())
                .Where(paragraph => !paragraph.TrimStart().StartsWith(FailClosedHeading, StringComparison.Ordinal)));
            return (own.Length == 0 ? "" : own + "\n\n") + Refusals.FailClosedParagraph(_app.Name, FrontDoor);
        }
    }

    [GeneratedRegex(@"\r?\n[ \t]*\r?\n\s*")]
    private static partial Regex ParagraphBreak();
}
