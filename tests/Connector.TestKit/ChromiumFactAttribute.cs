using System.Runtime.CompilerServices;

namespace Connector.TestKit;

/// <summary>
/// A test that drives Debian's Chromium through Playwright; skipped, with the reason, where it isn't installed.
/// Playwright's own browser downloads are never used: they fail on machines without open internet access. The kit
/// holds only the browser's path and flags, not Playwright itself (a large package), so only the test projects that
/// drive a browser reference it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// What the browser is launched with: no sandbox (tests may run as root in a container), and none of its
    /// background traffic (updates, sync, QUIC), which would only reach for the internet.
    /// </summary>
    public static readonly IReadOnlyList<string> Args =
    [
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic",
    ];

    public ChromiumFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!File.Exists(ExecutablePath))
        {
            Skip = $"No Chromium at {ExecutablePath}: install Debian's package (apt-get install chromium; .ci/run does) to run the browser tests.";
        }
    }
}
