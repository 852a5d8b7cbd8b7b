namespace Connector.Gateway.Authentication;

/// <summary>
/// RESOURCE_URL may name this server as its origin or as its <c>/mcp</c> URL; both identify it,
/// so each form is derived from the other. Any other path is refused rather than guessed.
/// </summary>
internal static class ResourceForms
{
    public const string McpPath = "/mcp";

    public static bool TryDerive(Uri url, out Uri origin, out Uri mcp)
    {
        origin = new Uri(url.GetLeftPart(UriPartial.Authority));
        mcp = new Uri(origin.GetLeftPart(UriPartial.Authority) + McpPath);
        var path = url.AbsolutePath.TrimEnd('/');
        return url.Query.Length == 0 && url.Fragment.Length == 0 && (path.Length == 0 || path == McpPath);
    }

    /// <summary>
    /// A resource identifier as a comparable text, for checking a token's <c>aud</c>: scheme and host in lower
    /// case, the default port dropped, one trailing <c>/</c> on the path ignored, the path otherwise exact.
    /// Hosts write this server's URL all these ways; none of them names another server. Null for anything that
    /// can't name a resource (not http(s), user info, a query or a fragment).
    /// </summary>
    public static string? Canonical(string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath[..^1] : uri.AbsolutePath;
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return uri.Scheme + "://" + uri.Host.ToLowerInvariant() + port + path;
    }

    /// <summary>The origin form without the trailing slash <see cref="Uri"/> adds, as hosts write it.</summary>
    public static string Text(Uri origin) => origin.GetLeftPart(UriPartial.Authority);
}
