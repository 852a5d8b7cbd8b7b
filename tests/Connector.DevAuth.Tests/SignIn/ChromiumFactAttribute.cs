namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// A test that drives Debian's Chromium through Playwright; skipped, with the reason, where it isn't installed.
/// Playwright's own browser downloads are never used: they fail on machines without open internet access.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath))
        {
            Skip = $"No Chromium at {ExecutablePath}: install Debian's package (apt-get install chromium; .ci/run does) to run the browser sign-in tests.";
        }
    }
}
