using Connector.Gateway.Authentication;
using Connector.Gateway.Mcp;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

public static class ConnectorGatewayEndpointRouteBuilderExtensions
{
    public const string McpPath = "/mcp";

    /// <summary>
    /// Maps the one gateway URL (<c>POST /mcp</c>; GET and DELETE answer 405 since the server is stateless),
    /// both Protected Resource Metadata documents, and the liveness (<c>/healthz</c>) and readiness
    /// (<c>/readyz</c>) probes.
    /// </summary>
    public static WebApplication MapConnectorGateway(this WebApplication app)
    {
        if (app.Services.GetService<McpEndpoint>() is null)
        {
            throw new InvalidOperationException("Call builder.Services.AddConnectorGateway<TApp>(builder.Configuration) before app.MapConnectorGateway().");
        }

        // Before authentication: a rebinding page learns nothing, not even whether a token would be wanted.
        var originGuard = app.Services.GetRequiredService<RequestOriginGuard>();
        app.UseWhen(context => context.Request.Path.Equals(McpPath, StringComparison.Ordinal), branch => branch.Use(async (context, next) =>
        {
            if (await originGuard.AllowAsync(context))
            {
                await next(context);
            }
        }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapPost(McpPath, (HttpContext context, McpEndpoint endpoint) => endpoint.HandlePostAsync(context))
            .RequireAuthorization(BearerTokenDefaults.McpPolicy)
            .RequireRateLimiting(ReaderRateLimit.PolicyName);
        app.MapMethods(McpPath, [HttpMethods.Get, HttpMethods.Delete], (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return JsonRpcErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, JsonRpcErrors.ServerError,
                "Method Not Allowed: this server is stateless; send JSON-RPC messages with POST.");
        }).AllowAnonymous();

        app.MapProtectedResourceMetadata();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
