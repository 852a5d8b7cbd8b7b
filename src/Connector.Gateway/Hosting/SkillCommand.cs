using Microsoft.AspNetCore.Builder;

namespace Connector.Gateway.Hosting;

/// <summary>
/// <c>dotnet App.dll --write-skill &lt;file or folder&gt;</c> (what <c>./run skill</c> calls): writes the app's
/// Skill and exits, without starting the server, so it needs no port, store or sign-in service.
/// </summary>
internal static class SkillCommand
{
    public const string Option = "--write-skill";

    /// <summary>True when the command line asks for the Skill; <paramref name="target"/> is null when it names no path.</summary>
    public static bool IsRequested(IReadOnlyList<string> arguments, out string? target)
    {
        target = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == Option)
            {
                target = i + 1 < arguments.Count ? arguments[i + 1] : null;
                return true;
            }

            if (arguments[i].StartsWith(Option + "=", StringComparison.Ordinal))
            {
                target = arguments[i][(Option.Length + 1)..];
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes <c>&lt;slug&gt;.zip</c> into a folder, or to the file named; 0 when written.</summary>
    public static async Task<int> RunAsync(WebApplication app, string? target)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            await Console.Error.WriteLineAsync($"{Option} needs where to write the Skill: a folder (it writes <name>.zip there) or a .zip file path.");
            return 2;
        }

        var skill = SkillPackage.For(app.Services);
        var path = Path.GetFullPath(Directory.Exists(target) ? Path.Combine(target, skill.Slug + ".zip") : target);
        try
        {
            await File.WriteAllBytesAsync(path, skill.ToZip());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Can't write the Skill to {path}: {ex.Message}");
            return 1;
        }

        await Console.Out.WriteLineAsync($"Wrote the Skill {skill.Slug} to {path}");
        return 0;
    }
}
