using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Authentication;

/// <summary>Reads RESOURCE_URL, AUTH_ISSUER, AUTH_JWKS_URL and AUTH_DISABLED; derives both resource forms.</summary>
internal sealed class ResourceServerOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<ResourceServerOptions>
{
    private const string OfflineAccess = "offline_access";

    public void Configure(ResourceServerOptions options)
    {
        options.AuthDisabled = configuration.Flag(GatewaySettings.AuthDisabled);
        options.Issuer = configuration.Text(GatewaySettings.AuthIssuer)?.TrimEnd('/');
        options.JwksUrl = ParseAbsolute(configuration.Text(GatewaySettings.AuthJwksUrl));
        // offline_access asks the sign-in service for a refresh token; it is not a scope of this resource, and
        // MCP 2026-07-28 says a server should not list it. It is never required, advertised or challenged for.
        options.RequiredScopes = (configuration.Text(GatewaySettings.AuthScopes)?
            .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            .Where(scope => scope != OfflineAccess)
            .ToArray();

        var resource = configuration.Text(GatewaySettings.ResourceUrl);
        if (resource is null && environment.IsDevelopment())
        {
            resource = $"http://localhost:{configuration.Text(GatewaySettings.Port) ?? "8000"}";
        }

        if (ParseAbsolute(resource) is { } url && ResourceForms.TryDerive(url, out var origin, out var mcp))
        {
            options.OriginResource = origin;
            options.McpResource = mcp;
        }
    }

    private static Uri? ParseAbsolute(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
