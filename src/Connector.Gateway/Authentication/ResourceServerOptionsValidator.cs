using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Authentication;

/// <summary>Fails start-up, naming the variable, when the token check could not be done safely.</summary>
internal sealed class ResourceServerOptionsValidator(IConfiguration configuration, IHostEnvironment environment)
    : IValidateOptions<ResourceServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ResourceServerOptions options)
    {
        var failures = new List<string>();
        if (options.McpResource is null)
        {
            failures.Add(configuration.Text(GatewaySettings.ResourceUrl) is null
                ? $"{GatewaySettings.ResourceUrl} is required: the public URL of this server, e.g. https://reading-room.example.com/mcp."
                : $"{GatewaySettings.ResourceUrl} must be an absolute http(s) URL of this server, either its origin (https://host) or its /mcp URL (https://host/mcp).");
        }

        if (configuration.FlagProblem(GatewaySettings.AuthDisabled) is { } flagProblem)
        {
            failures.Add(flagProblem);
        }

        if (options.AuthDisabled)
        {
            if (!environment.IsDevelopment())
            {
                failures.Add($"{GatewaySettings.AuthDisabled}=1 is accepted only in Development (this is {environment.EnvironmentName}): everyone would share one stand-in user. Unset it and configure {GatewaySettings.AuthIssuer} and {GatewaySettings.AuthJwksUrl}.");
            }
        }
        else
        {
            if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out _))
            {
                failures.Add(options.Issuer is null
                    ? $"{GatewaySettings.AuthIssuer} is required: the issuer (iss) of the sign-in service whose tokens this server accepts, e.g. http://localhost:9000 for the dev sign-in."
                    : $"{GatewaySettings.AuthIssuer} must be an absolute URL, e.g. https://your-tenant.auth0.com.");
            }

            if (options.JwksUrl is null)
            {
                failures.Add(configuration.Text(GatewaySettings.AuthJwksUrl) is null
                    ? $"{GatewaySettings.AuthJwksUrl} is required: where the sign-in service publishes its signing keys, e.g. http://localhost:9000/jwks.json."
                    : $"{GatewaySettings.AuthJwksUrl} must be an absolute http(s) URL.");
            }
            else if (options.JwksUrl.Scheme != Uri.UriSchemeHttps && !environment.IsDevelopment() && !options.JwksUrl.IsLoopback)
            {
                failures.Add($"{GatewaySettings.AuthJwksUrl} must use https outside Development, or keys could be swapped in transit.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
