using System.Text.Json;

namespace Connector.Doctor.Checks;

/// <summary>
/// The sign-in service as a host sees it: its metadata (RFC 8414, then OpenID Connect discovery), PKCE S256, a way
/// to register the host as a client (a Client ID Metadata Document, else dynamic registration), the RFC 9207 iss
/// parameter, and whether the host's callback would be accepted.
/// </summary>
internal static class AuthorizationServerCheck
{
    public const string MetadataId = "as-metadata";
    public const string PkceId = "pkce";
    public const string RegistrationId = "registration";
    public const string IssParameterId = "iss-parameter";
    public const string CallbackId = "redirect-callback";

    public static async Task RunAsync(CheckContext context)
    {
        const string Title = "Authorization server metadata (RFC 8414 / OpenID)";
        if (context.Issuer is null || !Uri.TryCreate(context.Issuer, UriKind.Absolute, out var issuer))
        {
            if (context.Issuer is null)
            {
                context.Skip(MetadataId, Title, "no authorization server to look at (see the resource metadata steps)");
            }
            else
            {
                context.Fail(MetadataId, Title, $"'{context.Issuer}' is not an absolute URL", "List the sign-in service's issuer URL in authorization_servers (AUTH_ISSUER).");
            }

            return;
        }

        var found = await FindAsync(context, issuer);
        if (found is not { } metadata)
        {
            context.Fail(MetadataId, Title, $"no metadata for {context.Issuer} at any well-known URL",
                "Make the sign-in service serve /.well-known/oauth-authorization-server (or openid-configuration) for its issuer, reachable from the internet.");
            return;
        }

        context.AuthorizationServerMetadata = metadata.Document;
        var declared = CheckContext.Text(metadata.Document, "issuer");
        if (declared != context.Issuer)
        {
            context.Fail(MetadataId, Title, $"found at {metadata.Url}, but its issuer is {declared ?? "(none)"}, not {context.Issuer}",
                $"Make AUTH_ISSUER exactly the issuer the sign-in service declares ({declared ?? "its issuer"}), trailing slash included.");
        }
        else
        {
            context.Pass(MetadataId, Title, $"found at {metadata.Url}");
        }

        CheckPkce(context, metadata.Document);
        CheckRegistration(context, metadata.Document);
        CheckIssParameter(context, metadata.Document);
        await CheckCallbackAsync(context, metadata.Document);
    }

    private static async Task<(string Url, JsonElement Document)?> FindAsync(CheckContext context, Uri issuer)
    {
        var origin = issuer.GetLeftPart(UriPartial.Authority);
        var path = issuer.AbsolutePath.TrimEnd('/');
        // The order MCP gives hosts: path insertion for both names when the issuer has a path, OpenID's appended form last.
        string[] candidates = path.Length > 0
            ? [origin + "/.well-known/oauth-authorization-server" + path, origin + "/.well-known/openid-configuration" + path, origin + path + "/.well-known/openid-configuration"]
            : [origin + "/.well-known/oauth-authorization-server", origin + "/.well-known/openid-configuration"];
        foreach (var url in candidates)
        {
            var answer = await context.Probe.GetAsync(url);
            if (answer.Ok && answer.Json() is { ValueKind: JsonValueKind.Object } json)
            {
                return (url, json);
            }
        }

        return null;
    }

    private static void CheckPkce(CheckContext context, JsonElement metadata)
    {
        const string Title = "PKCE with S256";
        var methods = CheckContext.Strings(metadata, "code_challenge_methods_supported");
        if (methods.Contains("S256"))
        {
            context.Pass(PkceId, Title, "code_challenge_methods_supported: " + string.Join(", ", methods));
        }
        else
        {
            context.Fail(PkceId, Title, methods.Count == 0 ? "code_challenge_methods_supported is missing" : "code_challenge_methods_supported: " + string.Join(", ", methods),
                "Enable PKCE S256 at the sign-in service and list \"S256\" in code_challenge_methods_supported: MCP hosts refuse a server without it.");
        }
    }

    private static void CheckRegistration(CheckContext context, JsonElement metadata)
    {
        const string Title = "Client registration (CIMD or dynamic)";
        var cimdFlag = CheckContext.Flag(metadata, "client_id_metadata_document_supported") == true;
        var publicClients = CheckContext.Strings(metadata, "token_endpoint_auth_methods_supported").Contains("none");
        var registration = CheckContext.Text(metadata, "registration_endpoint");
        var missing = new List<string>();
        if (!cimdFlag)
        {
            missing.Add("client_id_metadata_document_supported: true");
        }

        if (!publicClients)
        {
            missing.Add("\"none\" in token_endpoint_auth_methods_supported");
        }

        if (missing.Count == 0)
        {
            context.Pass(RegistrationId, Title, "Client ID Metadata Documents" + (registration is null ? "" : $"; dynamic registration at {registration} too"));
        }
        else if (registration is not null)
        {
            var partly = missing.Count == 1 ? $"CIMD lacks {missing[0]}, so Claude falls back to dynamic registration" : "no CIMD";
            context.Pass(RegistrationId, Title, $"dynamic registration at {registration} ({partly})");
        }
        else
        {
            context.Fail(RegistrationId, Title, $"no registration_endpoint, and CIMD lacks {string.Join(" and ", missing)}",
                "Turn on Client ID Metadata Documents (client_id_metadata_document_supported: true with \"none\" auth) or dynamic client registration at the sign-in service.");
        }
    }

    private static void CheckIssParameter(CheckContext context, JsonElement metadata)
    {
        const string Title = "iss in the authorization response (RFC 9207)";
        if (CheckContext.Flag(metadata, "authorization_response_iss_parameter_supported") == true)
        {
            context.Pass(IssParameterId, Title, "authorization_response_iss_parameter_supported: true");
        }
        else
        {
            context.Warn(IssParameterId, Title, "authorization_response_iss_parameter_supported is not true",
                "Have the sign-in service add iss to its redirects and declare authorization_response_iss_parameter_supported: true (mix-up defence).");
        }
    }

    private static async Task CheckCallbackAsync(CheckContext context, JsonElement metadata)
    {
        var callback = context.Options.Callback;
        var title = $"Host callback {callback} accepted";
        var registration = CheckContext.Text(metadata, "registration_endpoint");
        if (registration is null)
        {
            // With CIMD the host's own document lists its callback and the server matches it at /authorize: nothing to register.
            context.Warn(CallbackId, title, "not checked: with Client ID Metadata Documents it is decided at /authorize from the host's own document",
                "Make sure the sign-in service may fetch the host's client metadata document and allows its redirect URI.");
            return;
        }

        if (!context.Options.ProbeRegistration)
        {
            context.Warn(CallbackId, title, $"not checked: it would register a client at {registration}",
                "Run again with --probe-registration to register a test client with this callback, or allow it in the sign-in service's settings.");
            return;
        }

        // What a host registers: a public client (no secret) with its callback, for the code flow with refresh.
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["client_name"] = "connector-doctor probe",
            ["redirect_uris"] = new System.Text.Json.Nodes.JsonArray(callback),
            ["token_endpoint_auth_method"] = "none",
            ["grant_types"] = new System.Text.Json.Nodes.JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new System.Text.Json.Nodes.JsonArray("code"),
        }.ToJsonString();
        var answer = await context.Probe.PostJsonAsync(registration, body, token: null, []);
        if (answer.Ok)
        {
            context.Pass(CallbackId, title, $"dynamic registration accepted it ({answer.Status})");
        }
        else
        {
            context.Fail(CallbackId, title, $"dynamic registration refused it: {answer.StatusText} {Short(answer.Body)}",
                $"Allow {callback} as a redirect URI for public clients at the sign-in service.");
        }
    }

    private static string Short(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
