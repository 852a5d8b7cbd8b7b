using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Connector.Gateway.Hosting;

/// <summary><c>GET /skill.zip</c>: the app's Skill, made from its current texts on each request.</summary>
internal static class SkillEndpoints
{
    // Anonymous on purpose: it holds only the rules and persona the AI is handed anyway, and a person downloads it
    // from the page in a browser that has no token.
    public static void MapSkill(this WebApplication app) =>
        app.MapGet(SkillPackage.UrlPath, (HttpContext context) =>
        {
            var skill = SkillPackage.For(context.RequestServices);
            context.Response.Headers.XContentTypeOptions = "nosniff";
            // The rules may be edited while the app runs; a stale copy is what the Skill must not become.
            context.Response.Headers.CacheControl = "no-cache";
            return Results.File(skill.ToZip(), "application/zip", skill.Slug + ".zip");
        }).AllowAnonymous();
}
