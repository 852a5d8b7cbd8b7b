using Connector.Gateway.Authentication;
using Connector.Gateway.Content;
using Connector.Gateway.Hosting;
using Connector.Gateway.Mcp;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

public static class ConnectorGatewayEndpointRouteBuilderExtensions
{
    public const string McpPath = "/mcp";

    /// <summary>
    /// Maps the one gateway URL (<c>POST /mcp</c>, served by the MCP SDK's stateless Streamable HTTP host; GET and
    /// DELETE answer 405), both Protected Resource Metadata documents, and the liveness (<c>/healthz</c>) and
    /// readiness (<c>/readyz</c>) probes, the page for people at <c>/</c> (and <c>/mcp</c>, for a browser) and the
    /// app's Skill at <c>/skill.zip</c>. The app's content is read first: a missing or unreadable file maps nothing,
    /// and RunConnectorGatewayAsync reports it.
    /// What runs before the SDK sees a request, in order: the Origin/Host guard, the bearer token, the rate limit,
    /// then the request's shape (JSON content type, body cap, Accept, unreadable params).
    /// </summary>
    public static WebApplication MapConnectorGateway(this WebApplication app)
    {
        if (app.Services.GetService<RequestOriginGuard>() is null)
        {
            throw new InvalidOperationException("Call builder.Services.AddConnectorGateway<TApp>(builder.Configuration) before app.MapConnectorGateway().");
        }

        if (!AppContentLoading.TryLoadAll(app))
        {
            // Nothing is mapped: RunConnectorGatewayAsync names the file and exits.
            return app;
        }

        ToolsOnlyCapabilities.EnsureNoPromptsOrResources(app.Services);

        // Before authentication: a rebinding page learns nothing, not even whether a token would be wanted.
        var originGuard = app.Services.GetRequiredService<RequestOriginGuard>();
        app.UseWhen(IsMcp, branch => branch.Use(async (context, next) =>
        {
            if (await originGuard.AllowAsync(context))
            {
                await next(context);
            }
        }));
        // Before authentication: the page is for people who haven't signed in (there is nothing secret on it), and
        // only a browser's GET enters it; the guard above still stands in front of /mcp.
        app.UseFrontPage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // After authorization, so a caller who isn't signed in hears that first, whatever else is wrong.
        app.UseWhen(context => IsMcp(context) && HttpMethods.IsPost(context.Request.Method), branch => branch
            .UseMiddleware<JsonContentType>()
            .UseMiddleware<RequestBodyLimit>()
            .UseMiddleware<AcceptWhatHostsSend>()
            .UseMiddleware<UnreadableParams>());

        app.MapMcp(McpPath)
            .RequireAuthorization(BearerTokenDefaults.McpPolicy)
            .RequireRateLimiting(UserRateLimit.PolicyName);
        app.MapMethods(McpPath, [HttpMethods.Get, HttpMethods.Delete], (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return JsonRpcErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, JsonRpcErrors.ServerError,
                "Method Not Allowed: this server is stateless; send JSON-RPC messages with POST.");
        }).AllowAnonymous();

        app.MapProtectedResourceMetadata();
        app.MapSkill();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    private static bool IsMcp(HttpContext context) => context.Request.Path.Equals(McpPath, StringComparison.Ordinal);
}
