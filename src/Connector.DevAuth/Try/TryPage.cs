using System.Text;
using System.Text.Encodings.Web;

namespace Connector.DevAuth.Try;

/// <summary>The /try result page: what the token says, never the token itself (it is a working credential).</summary>
internal static class TryPage
{
    private const string Styles = """
        body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
        .banner{background:#b00020;color:#fff;padding:.75rem 1rem;border-radius:.4rem;font-weight:600}
        dt{font-weight:600;margin-top:.6rem}
        dd{margin-left:0;font-family:ui-monospace,monospace;word-break:break-all}
        .problem{color:#b00020;font-weight:600}
        """;

    public static string RenderClaims(IReadOnlyList<(string Name, string Value)> claims)
    {
        var html = HtmlEncoder.Default;
        var rows = new StringBuilder();
        foreach (var (name, value) in claims)
        {
            rows.Append("<dt>").Append(html.Encode(name)).Append("</dt><dd>").Append(html.Encode(value)).Append("</dd>");
        }

        return Page("Signed in", $"<p>The dev sign-in issued an access token with these claims:</p><dl>{rows}</dl>");
    }

    public static string RenderError(string error, string? description)
    {
        var html = HtmlEncoder.Default;
        return Page("No token", $"<p class=\"problem\">{html.Encode(error)}</p><p>{html.Encode(description ?? "")}</p>");
    }

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{title}: try the dev sign-in</title><style>{Styles}</style></head>
        <body>
        <p class="banner" role="alert">Development sign-in: never use in production.</p>
        <h1>{title}</h1>
        {body}
        <p><a href="/try">Try again</a></p>
        </body>
        </html>
        """;
}
