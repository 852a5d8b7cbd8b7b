using System.Reflection;
using System.Text.RegularExpressions;

namespace Connector.Gateway.Tools;

/// <summary>
/// The app's rules with the gateway's standing order appended. It is part of the skeleton, not of any one
/// app, because it is what stops a broken connector from quietly becoming a chatbot that invents state.
/// </summary>
public sealed partial class AppBriefing(IConnectorApp app)
{
    public const string FailClosedHeading = "Fail closed:";

    public string Name => app.Name;

    /// <summary>The app's version, as its assembly states it.</summary>
    public string Version { get; } =
        app.GetType().Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public string Persona => app.Persona;

    /// <summary>
    /// The app's rules, then the skeleton's fail-closed paragraph, always, in the skeleton's words: a paragraph of
    /// the app's own that starts the same way is dropped, so an app can neither remove nor reword the order.
    /// </summary>
    public string Rules
    {
        get
        {
            var own = string.Join("\n\n", ParagraphBreak().Split(app.Rules.Trim())
                .Where(paragraph => !paragraph.TrimStart().StartsWith(FailClosedHeading, StringComparison.Ordinal)));
            return (own.Length == 0 ? "" : own + "\n\n") + FailClosedParagraph(app.Name);
        }
    }

    public static string FailClosedParagraph(string appName) =>
        $"{FailClosedHeading} if you cannot reach begin_session or a tool returns an error, tell the user plainly that "
        + $"{appName} can't continue right now. Do not improvise an answer from your own knowledge and do not invent "
        + "the user's saved state.";

    [GeneratedRegex(@"\r?\n[ \t]*\r?\n\s*")]
    private static partial Regex ParagraphBreak();
}
