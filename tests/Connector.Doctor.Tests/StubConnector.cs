using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Doctor.Tests;

/// <summary>
/// How a stub connector is broken. The defaults make a healthy one (its own origin is both the connector and the
/// sign-in service), so each test changes exactly one thing and the doctor must point at exactly that.
/// </summary>
public sealed record StubSetup
{
    public bool MetadataAtPath { get; init; } = true;

    public bool MetadataAtRoot { get; init; } = true;

    /// <summary>Where the 401 challenge points: the path-inserted URL (as it should) or the root one.</summary>
    public bool ChallengeAtRoot { get; init; }

    /// <summary>The path-inserted document's resource, when it isn't the /mcp URL (e.g. with a trailing slash); <c>{origin}</c> stands for the stub's origin.</summary>
    public string? McpResource { get; init; }

    /// <summary>The whole WWW-Authenticate value of the 401, when it isn't the right one.</summary>
    public string? Challenge { get; init; }

    /// <summary>The issuer's path below the origin, e.g. <c>/tenants/acme</c> as multi-tenant sign-in services have it.</summary>
    public string IssuerPath { get; init; } = "";

    /// <summary>Serve the authorization-server metadata only at OpenID's appended form, <c>{issuer}/.well-known/openid-configuration</c>.</summary>
    public bool OpenIdAppendedOnly { get; init; }

    /// <summary>Changes the (good) authorization-server metadata before it is served.</summary>
    public Action<JsonObject>? EditAuthorizationServer { get; init; }

    /// <summary>An answer for some signed-in MCP requests (given their JSON body); null means the healthy default.</summary>
    public Func<JsonObject, IResult?>? Mcp { get; init; }
}

/// <summary>A minimal connector and sign-in service on a free loopback port, serving canned JSON.</summary>
public sealed class StubConnector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubConnector(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    public string Origin { get; }

    public string McpUrl => Origin + "/mcp";

    public static async Task<StubConnector> StartAsync(StubSetup? setup = null)
    {
        setup ??= new StubSetup();
        var origin = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        const string Prm = "/.well-known/oauth-protected-resource";

        var issuer = origin + setup.IssuerPath;
        if (setup.MetadataAtPath)
        {
            app.MapGet(Prm + "/mcp", () => Results.Text(Resource(setup.McpResource?.Replace("{origin}", origin, StringComparison.Ordinal) ?? origin + "/mcp", issuer), "application/json"));
        }

        if (setup.MetadataAtRoot)
        {
            // RFC 9728: the root document describes the origin, so its resource is the origin.
            app.MapGet(Prm, () => Results.Text(Resource(origin, issuer), "application/json"));
        }

        // RFC 8414 inserts the issuer's path after the well-known name; OpenID appends the well-known name to the issuer.
        var authorizationServerMetadata = setup.OpenIdAppendedOnly
            ? setup.IssuerPath + "/.well-known/openid-configuration"
            : "/.well-known/oauth-authorization-server" + setup.IssuerPath;
        app.MapGet(authorizationServerMetadata, () =>
        {
            var metadata = new JsonObject
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = origin + "/authorize",
                ["token_endpoint"] = origin + "/token",
                ["registration_endpoint"] = origin + "/register",
                ["response_types_supported"] = new JsonArray("code"),
                ["code_challenge_methods_supported"] = new JsonArray("S256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
                ["client_id_metadata_document_supported"] = true,
                ["authorization_response_iss_parameter_supported"] = true,
            };
            setup.EditAuthorizationServer?.Invoke(metadata);
            return Results.Text(metadata.ToJsonString(), "application/json");
        });

        app.MapPost("/mcp", async (HttpContext http) =>
        {
            if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            {
                http.Response.Headers.WWWAuthenticate = setup.Challenge ?? $"Bearer resource_metadata=\"{origin}{Prm}{(setup.ChallengeAtRoot ? "" : "/mcp")}\"";
                return Results.StatusCode(401);
            }

            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            return setup.Mcp?.Invoke(body) ?? Healthy(body);
        });

        await app.StartAsync();
        return new StubConnector(app, origin);
    }

    /// <summary>A JSON-RPC result answer.</summary>
    public static IResult Result(JsonObject request, JsonNode result) =>
        Results.Text(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]?.DeepClone(), ["result"] = result }.ToJsonString(), "application/json");

    /// <summary>A JSON-RPC error answer, e.g. 400 with -32022 for an unsupported protocol version.</summary>
    public static IResult Error(JsonObject request, int status, int code, string message) =>
        Results.Text(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]?.DeepClone(), ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(),
            "application/json", statusCode: status);

    private static string Resource(string resource, string issuer) =>
        new JsonObject { ["resource"] = resource, ["authorization_servers"] = new JsonArray(issuer) }.ToJsonString();

    private static IResult Healthy(JsonObject request)
    {
        const string Instructions = "Call begin_session first in every conversation.";
        JsonNode? result = (string?)request["method"] switch
        {
            "server/discover" => new JsonObject { ["supportedVersions"] = new JsonArray("2026-07-28"), ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() }, ["instructions"] = Instructions },
            "initialize" => new JsonObject { ["protocolVersion"] = "2025-11-25", ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() }, ["serverInfo"] = new JsonObject { ["name"] = "Stub", ["version"] = "1" }, ["instructions"] = Instructions },
            "tools/list" => new JsonObject
            {
                ["tools"] = new JsonArray(new JsonObject
                {
                    ["name"] = "begin_session",
                    ["title"] = "Begin a session",
                    ["inputSchema"] = new JsonObject { ["type"] = "object" },
                    ["annotations"] = new JsonObject { ["readOnlyHint"] = false, ["destructiveHint"] = false },
                }),
            },
            "tools/call" => new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "{}" }) },
            _ => null,
        };
        return result is null ? Results.Accepted() : Result(request, result);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
