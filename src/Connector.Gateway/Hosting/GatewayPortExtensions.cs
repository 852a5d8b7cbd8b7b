using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Gateway.Hosting;

public static class GatewayPortExtensions
{
    /// <summary>
    /// Listens on PORT (default 8000): on localhost only in Development, on every interface elsewhere (a
    /// container's platform routes to it). An explicit ASPNETCORE_URLS or --urls wins. A malformed PORT stops
    /// start-up like every other setting (exit code 2, naming it), even when it would not be used.
    /// </summary>
    public static IWebHostBuilder UseGatewayPort(this IWebHostBuilder webHost, IConfiguration configuration, IHostEnvironment environment)
    {
        var (port, problem) = configuration.WholeNumber(GatewaySettings.Port, 8000, 1, 65535, "a TCP port");
        if (problem is not null)
        {
            return webHost.ConfigureServices(services => services.AddOptions<PortSetting>().Validate(_ => false, problem).ValidateOnStart());
        }

        if (configuration.Text(WebHostDefaults.ServerUrlsKey) is not null)
        {
            return webHost;
        }

        var host = environment.IsDevelopment() ? "localhost" : "0.0.0.0";
        return webHost.UseUrls($"http://{host}:{port}");
    }

    /// <summary>Carries a malformed PORT to start-up validation, where every setting problem is reported.</summary>
    private sealed class PortSetting;
}
