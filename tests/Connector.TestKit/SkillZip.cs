using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Connector.TestKit;

/// <summary>
/// An app's Skill as a Skill host reads it: a zip holding one folder, <c>SKILL.md</c> in it, whose YAML front matter
/// names it (the folder's name) and describes it. <see cref="Read"/> checks that shape and the format's limits.
/// </summary>
public sealed partial record SkillZip(string Folder, string Name, string Description, string Body, string Markdown)
{
    /// <summary>Downloads <c>/skill.zip</c> without a token, as a person's browser does, and reads it.</summary>
    public static async Task<SkillZip> DownloadAsync(string origin)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(origin + "/skill.zip"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var skill = Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(skill.Folder + ".zip", response.Content.Headers.ContentDisposition?.FileName);
        return skill;
    }

    public static SkillZip Read(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var folders = archive.Entries.Select(e => e.FullName.Split('/')[0]).Distinct().ToList();
        var folder = Assert.Single(folders);
        Assert.All(archive.Entries, e => Assert.StartsWith(folder + "/", e.FullName, StringComparison.Ordinal));
        var entry = Assert.Single(archive.Entries, e => e.FullName == folder + "/SKILL.md");
        using var reader = new StreamReader(entry.Open(), new UTF8Encoding(false));
        var markdown = reader.ReadToEnd();

        Assert.StartsWith("---\n", markdown, StringComparison.Ordinal);
        var end = markdown.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        Assert.True(end > 0, "SKILL.md's front matter is not closed by a --- line");
        var fields = markdown[4..end].Split('\n').Select(line => line.Split(": ", 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal(["description", "name"], fields.Keys.Order());
        var name = fields["name"];
        var description = Unquote(fields["description"]);

        Assert.Matches(SkillName(), name);
        Assert.True(name.Length <= 64, $"name has {name.Length} characters");
        Assert.Equal(folder, name);
        Assert.InRange(description.Length, 1, 1024);
        Assert.DoesNotContain('<', description);
        Assert.DoesNotContain('>', description);
        return new SkillZip(folder, name, description, markdown[(end + 5)..], markdown);
    }

    /// <summary>A YAML double-quoted scalar of one line (the only form the skeleton writes), or a plain one.</summary>
    private static string Unquote(string value)
    {
        if (!value.StartsWith('"'))
        {
            return value;
        }

        Assert.EndsWith("\"", value, StringComparison.Ordinal);
        return Regex.Replace(value[1..^1], @"\\(.)", match => match.Groups[1].Value switch
        {
            "\\" or "\"" => match.Groups[1].Value,
            var other => throw new InvalidOperationException($"Unexpected YAML escape \\{other}"),
        });
    }

    // Lowercase letters, digits and single hyphens between them.
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SkillName();
}
