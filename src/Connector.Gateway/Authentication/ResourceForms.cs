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

    /// <summary>The origin form without the trailing slash <see cref="Uri"/> adds, as hosts write it.</summary>
    public static string Text(Uri origin) => origin.GetLeftPart(UriPartial.Authority);
}
