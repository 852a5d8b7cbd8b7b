using Connector.Gateway.Authentication;
using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Mcp;

/// <summary>The public origin and host come from RESOURCE_URL; ALLOWED_ORIGINS and ALLOWED_HOSTS add more.</summary>
internal sealed class RequestOriginOptionsSetup(IConfiguration configuration, IOptions<ResourceServerOptions> resource)
    : IConfigureOptions<RequestOriginOptions>
{
    public void Configure(RequestOriginOptions options)
    {
        if (resource.Value.OriginResource is { } origin)
        {
            options.AllowedOrigins.Add(ResourceForms.Text(origin));
            options.AllowedHosts.Add(origin.Authority);
        }

        foreach (var value in List(GatewaySettings.AllowedOrigins))
        {
            options.AllowedOrigins.Add(value.TrimEnd('/'));
        }

        foreach (var value in List(GatewaySettings.AllowedHosts))
        {
            if (value == "*")
            {
                options.AnyHost = true;
            }
            else
            {
                options.AllowedHosts.Add(value);
            }
        }
    }

    private string[] List(string key) =>
        configuration.Text(key)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
