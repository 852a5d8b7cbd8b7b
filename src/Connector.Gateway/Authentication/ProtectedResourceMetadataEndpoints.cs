using System.Text.Json;
using Connector.Gateway.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Authentication;

/// <summary>
/// RFC 9728 discovery: where a host learns which sign-in service issues tokens for this server. Served at
/// the origin path (resource = origin form) and at the path-inserted one (resource = the /mcp URL). The
/// values are configuration, byte for byte, never derived from the request's Host.
/// </summary>
internal static class ProtectedResourceMetadataEndpoints
{
    public const string BasePath = "/.well-known/oauth-protected-resource";

    public static void MapProtectedResourceMetadata(this IEndpointRouteBuilder endpoints)
    {
        // Rendered on first use, not here: reading the options validates them, and a configuration mistake
        // must surface at start-up through the host (with its friendly message), not while mapping routes.
        var documents = new Lazy<(string Origin, string Mcp)>(() =>
        {
            var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ResourceServerOptions>>().Value;
            var name = endpoints.ServiceProvider.GetRequiredService<AppBriefing>().Name;
            return (Render(ResourceForms.Text(options.OriginResource!), options, name),
                Render(options.McpResource!.AbsoluteUri, options, name));
        });

        endpoints.MapGet(BasePath, () => Results.Text(documents.Value.Origin, "application/json")).AllowAnonymous();
        endpoints.MapGet(BasePath + ResourceForms.McpPath, () => Results.Text(documents.Value.Mcp, "application/json")).AllowAnonymous();
    }

    private static string Render(string resource, ResourceServerOptions options, string name)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("resource", resource);
            writer.WriteStartArray("authorization_servers");
            if (options.Issuer is not null)
            {
                writer.WriteStringValue(options.Issuer);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("bearer_methods_supported");
            writer.WriteStringValue("header");
            writer.WriteEndArray();
            if (options.RequiredScopes.Count > 0)
            {
                writer.WriteStartArray("scopes_supported");
                foreach (var scope in options.RequiredScopes)
                {
                    writer.WriteStringValue(scope);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("resource_name", name);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
