namespace Connector.Doctor.Checks;

/// <summary>
/// A host's first call carries no token. The 401 and its WWW-Authenticate header are the only thing that sends
/// it into sign-in: without <c>resource_metadata</c> it has no way to find the sign-in service.
/// </summary>
internal static partial class ChallengeCheck
{
    public const string Id = "challenge";
    private const string Title = "Unauthenticated POST is challenged (401 + resource_metadata)";

    public static async Task RunAsync(CheckContext context)
    {
        var body = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"connector-doctor","version":"0.1"}}}""";
        var answer = await context.Probe.PostJsonAsync(context.Options.Url, body, token: null, [("MCP-Protocol-Version", "2025-11-25")]);
        if (answer.Error is not null)
        {
            context.Fail(Id, Title, $"POST {context.Options.Url}: {answer.Error}",
                "Make the connector URL reachable from the internet (check DNS, the TLS certificate and that the gateway is running).");
            return;
        }

        if (answer.Status != 401)
        {
            context.Fail(Id, Title, $"answered {answer.Status} without a token, not 401",
                answer.Status is >= 200 and < 300
                    ? "Require a bearer token on /mcp (leave AUTH_DISABLED unset) so hosts start their sign-in."
                    : "Make POST <connector-url> without a token answer 401 with WWW-Authenticate: Bearer resource_metadata=\"…\"; check the URL ends in /mcp.");
            return;
        }

        var challenge = answer.Header("WWW-Authenticate");
        var match = challenge is null ? null : ResourceMetadataParameter().Match(challenge);
        if (challenge is null || !challenge.TrimStart().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail(Id, Title, "401 without a Bearer WWW-Authenticate header",
                "Answer the 401 with WWW-Authenticate: Bearer resource_metadata=\"<origin>/.well-known/oauth-protected-resource/mcp\".");
            return;
        }

        if (match is null || !match.Success)
        {
            context.Fail(Id, Title, $"WWW-Authenticate has no resource_metadata: {challenge}",
                "Add resource_metadata=\"<origin>/.well-known/oauth-protected-resource/mcp\" to the Bearer challenge (RFC 9728 §5.1).");
            return;
        }

        var metadataUrl = match.Groups[1].Value;
        if (!Uri.TryCreate(metadataUrl, UriKind.Absolute, out _))
        {
            context.Fail(Id, Title, $"resource_metadata is not an absolute URL: {metadataUrl}",
                "Make resource_metadata an absolute URL built from RESOURCE_URL, never from the request.");
            return;
        }

        context.ChallengeMetadataUrl = metadataUrl;
        context.Pass(Id, Title, $"401, resource_metadata=\"{metadataUrl}\"");
    }

    [System.Text.RegularExpressions.GeneratedRegex("resource_metadata=\"([^\"]*)\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ResourceMetadataParameter();
}
