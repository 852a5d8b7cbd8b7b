using Connector.Gateway.Authentication;
using Connector.Gateway.State;
using Connector.Gateway.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connector.Gateway.Hosting;

/// <summary>
/// Serves <see cref="FrontPage"/> at <c>/</c> and <c>/mcp</c>, to a browser only: a <c>GET</c> whose Accept prefers
/// <c>text/html</c>. It is a branch of the pipeline, not an endpoint, so every other request (an agent's, curl's, a
/// probe's) never enters it and meets exactly the routes, 405s and 401s it met before; an endpoint at <c>/</c> would
/// have turned a <c>POST /</c> from 401 into 405.
/// </summary>
internal static class FrontPageEndpoints
{
    public static void UseFrontPage(this WebApplication app) =>
        app.UseWhen(IsPageRequest, branch => branch.Run(WriteAsync));

    internal static bool IsPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && (context.Request.Path == "/" || context.Request.Path.Equals(ConnectorGatewayEndpointRouteBuilderExtensions.McpPath, StringComparison.Ordinal))
        && PrefersHtml(context.Request.Headers.Accept);

    /// <summary>
    /// True when <c>text/html</c> is asked for at the highest quality given, and above JSON and event streams: a
    /// browser's navigation. <c>*/*</c> alone (curl), or html offered no higher than JSON, keeps today's answer.
    /// </summary>
    internal static bool PrefersHtml(IList<string>? accept)
    {
        if (accept is null || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return false;
        }

        double html = 0, best = 0, machine = 0;
        foreach (var type in types)
        {
            var quality = type.Quality ?? 1;
            best = Math.Max(best, quality);
            if (type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
            else if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                machine = Math.Max(machine, quality);
            }
        }

        return html > 0 && html >= best && html > machine;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var briefing = services.GetRequiredService<AppBriefing>();
        var identity = services.GetRequiredService<IOptions<ResourceServerOptions>>().Value;
        var reachable = await services.GetRequiredService<IStateStore>().IsReachableAsync(context.RequestAborted);
        var page = FrontPage.Render(new FrontPageFacts(
            briefing.Name,
            briefing.About,
            identity.McpResource!.AbsoluteUri,
            identity.ProtectedResourceMetadataUrl.AbsoluteUri,
            ResourceForms.Text(identity.OriginResource!) + ProtectedResourceMetadataEndpoints.BasePath,
            ResourceForms.Text(identity.OriginResource!) + SkillPackage.UrlPath,
            reachable,
            identity.AuthDisabled));

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = FrontPage.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The health line is live, and the same URL answers agents differently.
        headers.CacheControl = "no-store";
        headers.Vary = HeaderNames.Accept;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page, context.RequestAborted);
    }
}
