using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connector.DevAuth.Endpoints;

/// <summary>
/// The consent and /try pages handle sign-ins, so no copy may be cached, framed by another site (clickjacking the
/// Approve button), run script or leak the query string (codes, state) through Referer.
/// </summary>
internal static class LockedDownHtml
{
    public static ContentHttpResult Page(HttpContext context, int statusCode, string html)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
