namespace Connector.Doctor.Checks;

/// <summary>
/// Hosts such as Claude call connectors from their own servers, over the internet: they need https, and some
/// networks only let 443 out. On this machine (loopback) plain http on any port is fine for testing.
/// </summary>
internal static class TransportSecurityCheck
{
    public const string Id = "transport";
    private const string Title = "https on port 443";

    public static void Run(CheckContext context)
    {
        var url = context.Url;
        var https = url.Scheme == Uri.UriSchemeHttps;
        var loopback = CheckContext.IsLoopback(url);
        var detail = $"{url.Scheme}, port {url.Port}{(loopback ? ", loopback" : "")}";
        if (https && url.Port == 443)
        {
            context.Pass(Id, Title, detail);
        }
        else if (loopback)
        {
            context.Warn(Id, Title, detail + ": fine for local testing, but a host such as Claude can't reach this machine",
                "Put the gateway on a public https address (deploy it, or a tunnel such as cloudflared) and set RESOURCE_URL to that https://…/mcp.");
        }
        else
        {
            context.Warn(Id, Title, detail + (https ? ": some networks and hosts only reach port 443" : ": hosts refuse or can't safely send tokens over plain http"),
                "Serve the connector at https://<host>/mcp on port 443 (behind a TLS-terminating proxy) and set RESOURCE_URL to exactly that.");
        }
    }
}
