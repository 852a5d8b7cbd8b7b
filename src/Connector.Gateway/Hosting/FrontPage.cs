using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace Connector.Gateway.Hosting;

/// <summary>What the page for people states: all of it configuration or the app's own words, never the request's.</summary>
internal sealed record FrontPageFacts(
    string Name, string About, string McpUrl, string MetadataUrl, string OriginMetadataUrl, string SkillUrl, bool StoreReachable, bool AuthDisabled);

/// <summary>
/// The page a person sees when they open the connector URL in a browser: what the app is, the URL to paste, how
/// to add it, and whether it is up. One self-contained document: its only style and script are inline and allowed
/// by hash, so the policy can be <c>default-src 'none'</c> and nothing else (no other path, no other origin) runs.
/// It reads fully without JavaScript; the script only adds a copy button.
/// </summary>
internal static class FrontPage
{
    private const string Style = """
        body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
        main{max-width:42rem;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.8rem;margin:0 0 .5rem}
        h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
        .status{padding:.5rem .75rem;border-radius:6px;border:1px solid}
        .ok{background:#dafbe1;border-color:#4ac26b}
        .down,.warn{background:#ffebe9;border-color:#ff8182}
        .url{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
        code{font:15px ui-monospace,monospace;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.4rem .6rem;word-break:break-all;user-select:all}
        button{font:inherit;padding:.35rem .9rem;border-radius:6px;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer}
        .note{color:#59636e;font-size:.9rem}
        """;

    // Shows the button only where the clipboard can be written (a secure context: https, or http on loopback); the
    // URL stays selectable text either way.
    private const string Script = """
        (() => {
          const button = document.getElementById('copy');
          const url = document.getElementById('connector-url');
          if (!button || !url || !navigator.clipboard) return;
          button.hidden = false;
          button.addEventListener('click', async () => {
            try {
              await navigator.clipboard.writeText(url.textContent.trim());
              button.textContent = 'Copied';
            } catch {
              button.textContent = 'Select the URL to copy it';
            }
          });
        })();
        """;

    /// <summary>
    /// Nothing loads but the page itself: no images, fonts, frames, forms or connections; only the two inline blocks
    /// above, by hash, so an app's text that slipped past encoding still could not run. It may not be framed.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src '{Sha256(Script)}'; style-src '{Sha256(Style)}'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(FrontPageFacts facts)
    {
        var name = Encode(facts.Name);
        var url = Encode(facts.McpUrl);
        var about = facts.About.Length > 0
            ? Encode(facts.About)
            : $"{name} is a connector: an AI assistant you add it to uses its tools for you, and remembers your place across conversations.";
        var status = facts.StoreReachable
            ? """<p class="status ok" role="status">Healthy: the service is up and its memory is reachable.</p>"""
            : """<p class="status down" role="status">Not healthy: the service is up but can't reach its memory right now. Its tools will say so plainly until it is back.</p>""";
        var demo = facts.AuthDisabled
            ? """<p class="status warn">Sign-in is turned off on this server (a demo): everyone shares one stand-in user, so nothing saved here is private.</p>"""
            : "";
        var metadata = Encode(facts.MetadataUrl);

        var html = new StringBuilder(4096);
        html.Append($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{name}</title>
            <style>{Style}</style>
            </head>
            <body>
            <main>
            <h1>{name}</h1>
            <p>{about}</p>
            {status}
            {demo}
            <h2>The connector URL</h2>
            <div class="url"><code id="connector-url">{url}</code> <button type="button" id="copy" hidden>Copy</button></div>
            <p class="note">Paste it into your AI assistant. Opened in a browser it shows this page; assistants get the connector.</p>
            <h2>Add it to Claude</h2>
            <ol>
            <li>In Claude, open <strong>Customize → Connectors</strong> and choose <strong>Add custom connector</strong>.</li>
            <li>Paste the connector URL and add it.</li>
            <li>Click <strong>Authorize</strong> and sign in. From then on Claude uses {name} when it helps, in any conversation.</li>
            </ol>
            <h2>Add it to any MCP host</h2>
            <p>Add a remote MCP server (Streamable HTTP) with the connector URL. The host signs you in with OAuth when it first connects; the sign-in service is named in the <a href="{metadata}">protected resource metadata</a>.</p>
            <h2>Optional: the Skill</h2>
            <p>The connector already hands your assistant {name}'s rules and persona. For a stronger hold on those rules in Claude, <a href="{Encode(facts.SkillUrl)}" download>download its Skill</a>, upload it in Claude's Skills settings and turn it on; download it again when the rules change.</p>
            <h2>For developers</h2>
            <ul>
            <li><a href="{metadata}">Protected resource metadata</a> (RFC 9728), also <a href="{Encode(facts.OriginMetadataUrl)}">for the origin</a></li>
            </ul>
            </main>
            <script>{Script}</script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    /// <summary>Every app-provided or configured string goes through here before it meets the markup.</summary>
    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static string Sha256(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
