using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Connector.Gateway.Hosting;

public static class GatewayPortExtensions
{
    /// <summary>
    /// Listens on PORT (default 8000): on localhost only in Development, on every interface elsewhere (a
    /// container's platform routes to it). An explicit ASPNETCORE_URLS or --urls wins.
    /// </summary>
    public static IWebHostBuilder UseGatewayPort(this IWebHostBuilder webHost, IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration.Text(WebHostDefaults.ServerUrlsKey) is not null)
        {
            return webHost;
        }

        var portText = configuration.Text(GatewaySettings.Port) ?? "8000";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{GatewaySettings.Port} must be a TCP port number from 1 to 65535, not '{portText}'.");
        }

        var host = environment.IsDevelopment() ? "localhost" : "0.0.0.0";
        return webHost.UseUrls($"http://{host}:{port}");
    }
}
