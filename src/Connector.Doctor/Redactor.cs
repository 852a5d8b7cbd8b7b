using System.Text.RegularExpressions;

namespace Connector.Doctor;

/// <summary>
/// Keeps secrets out of everything printed: a report is pasted into issues and CI logs. Every JWT, the token
/// given or minted (even if opaque; the Authorization header is never printed as sent), and the gateway's session tokens are all cut to a recognisable stub.
/// </summary>
internal static partial class Redactor
{
    public const string TokenStub = "eyJ…(redacted)";

    public static string Redact(string text, string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, TokenStub, StringComparison.Ordinal);
        }

        text = Jwt().Replace(text, TokenStub);
        return SessionToken().Replace(text, "cs1…(redacted)");
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"cs1\.[A-Za-z0-9_.\-]+")]
    private static partial Regex SessionToken();
}
