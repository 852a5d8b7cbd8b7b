using System.Globalization;
using System.IO.Compression;
using System.Text;
using Connector.Gateway.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Hosting;

/// <summary>
/// The app's optional Skill: one folder named by <see cref="Slug"/> holding <c>SKILL.md</c>, made on request from the
/// app's current rules, persona and registered tools, so it can't drift from what the connector itself hands out.
/// It holds nothing the AI doesn't already see from the front door, which is why it may be downloaded anonymously.
/// </summary>
internal sealed record SkillPackage(string Slug, string Markdown)
{
    public const string UrlPath = "/skill.zip";

    // What Skill hosts accept (the Agent Skills format; Claude's upload checks the same): a name of at most 64
    // lowercase letters, digits and single hyphens, without the words Claude reserves, and a description of at most
    // 1024 characters with no XML tags.
    private const int MaxNameLength = 64;
    private const int MaxDescriptionLength = 1024;
    private static readonly string[] s_reservedWords = ["anthropic", "claude"];

    public static SkillPackage For(IServiceProvider services)
    {
        var briefing = services.GetRequiredService<AppBriefing>();
        var texts = services.GetRequiredService<IConnectorApp>().Texts;
        var tools = services.GetServices<McpServerTool>().Select(t => t.ProtocolTool);
        var slug = SlugOf(briefing.Name);
        return new SkillPackage(slug, Write(slug, briefing, texts, tools));
    }

    /// <summary>The zip a Skill host takes: the folder, and <c>SKILL.md</c> in it (UTF-8, no byte-order mark).</summary>
    public byte[] ToZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry(Slug + "/");
            using var writer = new StreamWriter(zip.CreateEntry(Slug + "/SKILL.md", CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
            writer.Write(Markdown);
        }

        return buffer.ToArray();
    }

    /// <summary>"The Reading Room" becomes <c>the-reading-room</c>; accents are dropped, anything else splits words.</summary>
    internal static string SlugOf(string name)
    {
        var words = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormKD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                words.Append(c);
            }
            else if (c is not ('\'' or '’') && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                words.Append('-');
            }
        }

        var slug = string.Join('-', words.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Where(word => !s_reservedWords.Any(reserved => word.Contains(reserved, StringComparison.Ordinal))));
        slug = slug.Length > MaxNameLength ? slug[..MaxNameLength].TrimEnd('-') : slug;
        return slug.Length == 0 ? "connector" : slug;
    }

    private static string Write(string slug, AppBriefing briefing, IReadOnlyDictionary<string, string> texts, IEnumerable<ModelContextProtocol.Protocol.Tool> tools)
    {
        var name = OneLine(briefing.Name);
        var door = briefing.FrontDoor;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"""
            ---
            name: {slug}
            description: {YamlQuoted(Description(name, door))}
            ---

            # {name}


            """);
        if (briefing.About.Length > 0)
        {
            md.Append(OneLine(briefing.About)).Append("\n\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"""
            This Skill carries {name}'s rules and persona for working through its connector, the remote MCP server a person adds to their assistant by its URL. It was made from the same texts the connector hands out from `{door}`; if the two ever differ, the connector's are current: follow them.

            ## Rules

            {briefing.Rules.Trim()}

            ## Persona

            {briefing.Persona.Trim()}


            """);
        foreach (var (title, text) in texts)
        {
            md.Append("## ").Append(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(OneLine(title))).Append("\n\n").Append(text.Trim()).Append("\n\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"""
            ## Using the connector's tools

            1. Call `{door}` first in every conversation, before any other of the connector's tools. It returns the current rules and persona, what the user saved in earlier conversations, and the `session` the other tools ask for.
            2. Pass that `session` to every `domain_*` and `user_*` tool.
            3. If the connector's tools are not there, or a tool returns an error, follow the fail-closed rule above: say plainly that {name} can't continue right now, and never answer from memory or invent what the user saved.

            The connector's tools, `{door}` first:


            """);
        foreach (var tool in InOrder(tools, door))
        {
            md.Append(CultureInfo.InvariantCulture, $"- `{tool.Name}`");
            if (!string.IsNullOrWhiteSpace(tool.Title))
            {
                md.Append(": ").Append(OneLine(tool.Title));
            }

            md.Append(tool.Name == door ? " (call first)" : GatedTools.IsGated(tool.Name) ? " (takes the `session`)" : "").Append('\n');
        }

        return md.ToString();
    }

    /// <summary>What it is and when to use it, naming the connector, in one line a host shows in its list of Skills.</summary>
    private static string Description(string name, string door)
    {
        var shortName = name.Replace("<", "", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal);
        shortName = shortName.Length > 120 ? shortName[..120].TrimEnd() : shortName;
        var description = $"How to act as {shortName} through its connector, a remote MCP server: its rules, persona and tools, starting with {door}. "
            + $"Use it whenever {shortName}'s tools are available or the user asks for {shortName}.";
        return description.Length > MaxDescriptionLength ? description[..MaxDescriptionLength] : description;
    }

    /// <summary>The front door, then the domain, user and config groups, then the rest (<c>health</c>), each as registered.</summary>
    private static IEnumerable<ModelContextProtocol.Protocol.Tool> InOrder(IEnumerable<ModelContextProtocol.Protocol.Tool> tools, string door) =>
        tools.OrderBy(tool => tool.Name == door ? 0
            : tool.Name.StartsWith("domain_", StringComparison.Ordinal) ? 1
            : tool.Name.StartsWith("user_", StringComparison.Ordinal) ? 2
            : tool.Name.StartsWith("config_", StringComparison.Ordinal) ? 3
            : 4);

    /// <summary>A YAML double-quoted scalar: the only escapes it needs once line breaks are gone are the quote and the backslash.</summary>
    private static string YamlQuoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Whitespace and control characters (line breaks included) as single spaces, so an app's words can't end a
    /// heading or the front matter, nor need an escape YAML would want.
    /// </summary>
    private static string OneLine(string text) =>
        string.Join(' ', new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
