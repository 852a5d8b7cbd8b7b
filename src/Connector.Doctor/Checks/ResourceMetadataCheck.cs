using System.Text.Json;

namespace Connector.Doctor.Checks;

/// <summary>
/// Protected Resource Metadata (RFC 9728): where a host learns which sign-in service issues tokens for this URL.
/// A host that follows the spec looks at the path-inserted URL first (<c>/.well-known/oauth-protected-resource/mcp</c>
/// for <c>…/mcp</c>), and checks that the document's <c>resource</c> is the very URL it was given.
/// </summary>
internal static class ResourceMetadataCheck
{
    public const string LocationId = "prm-location";
    public const string ResourceId = "prm-resource";
    public const string ServersId = "prm-authorization-servers";
    private const string Prefix = "/.well-known/oauth-protected-resource";

    public static async Task RunAsync(CheckContext context)
    {
        var origin = context.Url.GetLeftPart(UriPartial.Authority);
        var path = context.Url.AbsolutePath.TrimEnd('/');
        var pathInserted = path.Length > 0 ? origin + Prefix + path : null;
        var root = origin + Prefix;

        var atPath = pathInserted is null ? null : await FetchAsync(context, pathInserted);
        var atRoot = await FetchAsync(context, root);
        var challenged = context.ChallengeMetadataUrl;
        JsonElement? atChallenge = challenged is null || challenged == pathInserted || challenged == root
            ? (challenged == pathInserted ? atPath : challenged == root ? atRoot : null)
            : await FetchAsync(context, challenged);

        const string Title = "Protected Resource Metadata found where hosts look";
        var where = string.Join(", ", new[] { (pathInserted, atPath), (root, atRoot) }
            .Where(p => p.Item1 is not null).Select(p => $"{p.Item1} → {(p.Item2 is null ? "missing" : "found")}"));
        if (challenged is not null && atChallenge is null)
        {
            context.Fail(LocationId, Title, $"the 401 points at {challenged}, which has no metadata ({where})",
                $"Serve the metadata at {challenged}, or point resource_metadata at {pathInserted ?? root}.");
        }
        else if (atPath is null && atRoot is null)
        {
            context.Fail(LocationId, Title, where,
                $"Serve RFC 9728 metadata at {pathInserted ?? root} with resource = {context.Options.Url}.");
            return;
        }
        else if (pathInserted is not null && atPath is null)
        {
            context.Warn(LocationId, Title, where + "; only the root form exists",
                $"Also serve the metadata at {pathInserted} (resource = {context.Options.Url}): hosts that follow the spec look there first.");
        }
        else
        {
            context.Pass(LocationId, Title, where);
        }

        // What a host uses: the document the challenge named, else the first one the spec says to try.
        var document = atChallenge ?? atPath ?? atRoot;
        context.ResourceMetadata = document;
        CheckResource(context, document);
        CheckServers(context, document);
    }

    private static void CheckResource(CheckContext context, JsonElement? document)
    {
        const string Title = "resource equals the connector URL exactly";
        var expected = context.Options.Url;
        var resource = CheckContext.Text(document, "resource");
        if (resource == expected)
        {
            context.Pass(ResourceId, Title, $"resource = {resource}");
        }
        else if (resource is null)
        {
            context.Fail(ResourceId, Title, "the metadata has no resource",
                $"Put \"resource\": \"{expected}\" in the metadata (set RESOURCE_URL to {expected}).");
        }
        else if (resource.TrimEnd('/') == expected.TrimEnd('/'))
        {
            context.Fail(ResourceId, Title, $"slash drift: resource = {resource}, connector URL = {expected}",
                $"Make them byte-identical: set RESOURCE_URL to {expected}, or paste {resource} into the host.");
        }
        else if (resource.TrimEnd('/') == context.Url.GetLeftPart(UriPartial.Authority) && context.Url.AbsolutePath.TrimEnd('/').Length > 0)
        {
            // The root document rightly describes the origin; what is missing is the document for the /mcp URL.
            context.Fail(ResourceId, Title, $"resource = {resource}, connector URL = {expected} (the origin's document, not the connector's)",
                $"Serve metadata with resource = {expected} at {context.Url.GetLeftPart(UriPartial.Authority)}{Prefix}{context.Url.AbsolutePath.TrimEnd('/')} and point the 401 challenge at it.");
        }
        else
        {
            context.Fail(ResourceId, Title, $"resource = {resource}, connector URL = {expected}",
                $"Set RESOURCE_URL to {expected} (the URL people paste), or paste {resource} into the host if that is the real address.");
        }
    }

    private static void CheckServers(CheckContext context, JsonElement? document)
    {
        const string Title = "authorization_servers names a sign-in service";
        var servers = CheckContext.Strings(document, "authorization_servers");
        if (servers.Count == 0)
        {
            context.Fail(ServersId, Title, "authorization_servers is missing or empty",
                "Set AUTH_ISSUER to your sign-in service's issuer URL so the metadata lists it.");
            return;
        }

        context.Issuer = servers[0];
        context.Pass(ServersId, Title, string.Join(", ", servers));
    }

    private static async Task<JsonElement?> FetchAsync(CheckContext context, string url)
    {
        var answer = await context.Probe.GetAsync(url);
        return answer.Ok && answer.Json() is { ValueKind: JsonValueKind.Object } json ? json : null;
    }
}
