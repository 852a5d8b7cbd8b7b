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
        var problems = ((IHaveSettingProblems)options).Problems;
        if (resource.Value.OriginResource is { } origin)
        {
            options.AllowedOrigins.Add(ResourceForms.Text(origin));
            options.AllowedHosts.Add(origin.Authority);
        }

        foreach (var value in List(GatewaySettings.AllowedOrigins))
        {
            if (ResourceForms.Canonical(value) is { } canonical && Uri.TryCreate(canonical, UriKind.Absolute, out var allowed) && allowed.AbsolutePath == "/")
            {
                options.AllowedOrigins.Add(value.TrimEnd('/'));
            }
            else
            {
                problems.Add($"{GatewaySettings.AllowedOrigins} must list origins such as https://app.example (scheme, host, optional port; no path), not '{value}'.");
            }
        }

        foreach (var value in List(GatewaySettings.AllowedHosts))
        {
            if (value == "*")
            {
                options.AnyHost = true;
            }
            else if (IsHostAndPort(value))
            {
                options.AllowedHosts.Add(value);
            }
            else
            {
                problems.Add($"{GatewaySettings.AllowedHosts} must list host names with an optional port (reading.example.com, reading.example.com:8443) or be *, not '{value}'.");
            }
        }
    }

    private static bool IsHostAndPort(string value)
    {
        var host = new Microsoft.AspNetCore.Http.HostString(value);
        return Uri.CheckHostName(host.Host.Trim('[', ']')) != UriHostNameType.Unknown
            && (host.Port is null or (> 0 and <= 65535))
            && (host.Port is not null || !value.Contains(':', StringComparison.Ordinal) || host.Host.StartsWith('['));
    }

    private string[] List(string key) =>
        configuration.Text(key)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
