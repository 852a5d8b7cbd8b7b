using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Authentication;

/// <summary>Reads RESOURCE_URL, AUTH_ISSUER, AUTH_JWKS_URL and AUTH_DISABLED; derives both resource forms.</summary>
internal sealed class ResourceServerOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<ResourceServerOptions>
{
    public void Configure(ResourceServerOptions options)
    {
        options.AuthDisabled = configuration.Flag(GatewaySettings.AuthDisabled);
        options.Issuer = configuration.Text(GatewaySettings.AuthIssuer)?.TrimEnd('/');
        options.JwksUrl = ParseAbsolute(configuration.Text(GatewaySettings.AuthJwksUrl));
        options.RequiredScopes = configuration.Text(GatewaySettings.AuthScopes)?
            .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

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
