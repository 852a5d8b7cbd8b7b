using System.Runtime.CompilerServices;

namespace Connector.Interop.Tests.Interop;

/// <summary>tests/e2e-client-v2, ready to run: the folder, the node that runs it, its script and the pinned client's version.</summary>
internal sealed record V2ClientInstall(string Directory, string Node, string NodeVersion, string Script, string ClientVersion, string? InstallNote);

/// <summary>
/// tests/e2e-client-v2 installed (see <see cref="NpmFolder"/>) once per test process, and the node on PATH that runs it,
/// which must be Node 20 or later.
/// </summary>
internal static class V2ClientFolder
{
    public const string Package = "@modelcontextprotocol/client";
    private const string Skipped = "TypeScript v2 client test skipped: ";

    // The client's package.json says engines.node >=20.
    private const int MinimumNodeMajor = 20;
    private static readonly Lazy<(V2ClientInstall? Install, string? Why)> s_state = new(Prepare);

    public static string? UnavailableReason => s_state.Value.Why;

    public static V2ClientInstall Installed => s_state.Value.Install ?? throw new InvalidOperationException(UnavailableReason);

    private static (V2ClientInstall?, string?) Prepare()
    {
        if (NodeTool.OnPath("node") is not { } node)
        {
            return (null, Skipped + $"node is not on PATH ({Package} needs Node {MinimumNodeMajor} or later).");
        }

        // Checked before the install, which an older Node would only waste.
        var version = NodeTool.VersionOf(node);
        if (NodeTool.MajorVersion(version) is not >= MinimumNodeMajor)
        {
            return (null, Skipped + $"node on PATH is {version}; {Package} needs {MinimumNodeMajor} or later.");
        }

        var (folder, why) = NpmFolder.Prepare("e2e-client-v2");
        if (folder is null)
        {
            return (null, Skipped + why);
        }

        return folder.Pins.TryGetValue(Package, out var clientVersion)
            ? (new V2ClientInstall(folder.Directory, node, version, Path.Combine(folder.Directory, "visit.mjs"), clientVersion, folder.InstallNote), null)
            : (null, Skipped + $"tests/e2e-client-v2/package.json doesn't pin {Package}.");
    }
}

/// <summary>Skips, with the reason, where tests/e2e-client-v2 can't be installed or run (no Node 20+, no npm, npm ci failing).</summary>
internal sealed class TypeScriptV2ClientFactAttribute : FactAttribute
{
    public TypeScriptV2ClientFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (V2ClientFolder.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
