using System.Text;
using System.Text.Encodings.Web;

namespace Connector.DevAuth.Authorization;

/// <summary>The sign-in and consent page, and the error page shown when the client cannot be trusted with a redirect.</summary>
internal static class ConsentPage
{
    public const string DefaultSubject = "user-a";

    private static readonly string[] s_suggestedSubjects = ["user-a", "user-b", "user-c"];

    private const string Styles = """
        body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
        .banner{background:#b00020;color:#fff;padding:.75rem 1rem;border-radius:.4rem;font-weight:600}
        label{display:block;margin-top:1rem;font-weight:600}
        input[type=text],input[type=email]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
        .actions{margin-top:1.5rem;display:flex;gap:1rem}
        button{padding:.6rem 1.4rem;font-size:1rem;border-radius:.3rem;border:1px solid #555;cursor:pointer}
        button[value=approve]{background:#1b5e20;color:#fff}
        .details{color:#555;font-size:.9rem}
        .problem{color:#b00020;font-weight:600}
        """;

    private const string Banner = """<p class="banner" role="alert">Development sign-in: never use in production. Anyone can sign in as anyone here.</p>""";

    public static string Render(AuthorizationRequest request, string requestId, string csrfToken, string? problem = null)
    {
        var html = HtmlEncoder.Default;
        var client = request.ClientName ?? request.ClientId;
        var options = new StringBuilder();
        foreach (var subject in s_suggestedSubjects)
        {
            options.Append("<option value=\"").Append(html.Encode(subject)).Append("\"></option>");
        }

        var problemLine = problem is null ? "" : $"<p class=\"problem\">{html.Encode(problem)}</p>";
        return $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>Sign in to the connector (development)</title><style>{Styles}</style></head>
            <body>
            {Banner}
            <h1>{html.Encode(client)} wants to use this connector as you</h1>
            <p class="details">Requested by <strong>{html.Encode(client)}</strong>, returning to {html.Encode(request.RedirectUri)}.<br>
            Access to {html.Encode(request.Resource)} with scope <code>{html.Encode(request.Scope)}</code>.</p>
            {problemLine}
            <form method="post" action="/authorize">
            <input type="hidden" name="request_id" value="{html.Encode(requestId)}">
            <input type="hidden" name="{ConsentCsrf.FormField}" value="{html.Encode(csrfToken)}">
            <label for="sub">Sign in as (any dev identity, no password)</label>
            <input type="text" id="sub" name="sub" list="suggested-users" value="{DefaultSubject}" maxlength="200" autocomplete="off" required>
            <datalist id="suggested-users">{options}</datalist>
            <label for="email">Email (optional)</label>
            <input type="email" id="email" name="email" maxlength="320" autocomplete="off">
            <div class="actions">
            <button type="submit" name="decision" value="approve">Approve</button>
            <button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
            </div>
            </form>
            </body>
            </html>
            """;
    }

    public static string RenderError(string title, string message)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Sign-in problem (development)</title><style>{Styles}</style></head>
            <body>
            {Banner}
            <h1>{html.Encode(title)}</h1>
            <p>{html.Encode(message)}</p>
            <p class="details">You were not sent back to the app, because this request could not prove where it came from.</p>
            </body>
            </html>
            """;
    }
}
