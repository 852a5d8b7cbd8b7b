using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// The official MCP TypeScript SDK (pinned in tests/e2e-client) as the host: it finds the dev sign-in from the gateway's
/// 401 alone, registers itself, gets the consent page approved (tests/e2e-client/flow.mjs plays the person), trades the
/// code and calls the tools; a second run with only the saved client and refresh token is the host's next chat.
/// </summary>
public sealed class TypeScriptClientTests(ITestOutputHelper output)
{
    // A sign-in and five calls take about a second; the limit only stops a hung run (a host would wait forever).
    private static readonly TimeSpan s_runLimit = TimeSpan.FromSeconds(60);

    [TypeScriptClientFact]
    public async Task SdkClient_SignsIn_KeepsReadersApart_AndRemembersTheShelfInANewChat()
    {
        await using var auth = new DevAuthServer();
        await using var gateway = new GatewayServer(auth);
        using var state = new TempDirectory();
        var readerA = TestUsers.New();
        var readerB = TestUsers.New();

        var a = await RunFlowAsync("sign-in", gateway.McpUrl, readerA, Path.Combine(state.Path, "a.json"));
        AssertSignedInAs(a, readerA, gateway);
        Assert.Equal(1, a.GetProperty("consentPages").GetInt32());
        Assert.StartsWith("dev-client-", a.GetProperty("clientId").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, a.GetProperty("registrations").GetInt32());
        Assert.Equal(a.GetProperty("clientId").GetString(), a.GetProperty("token").GetProperty("client_id").GetString());
        Assert.True(a.GetProperty("hasRefreshToken").GetBoolean());
        Assert.Contains("begin_session", Strings(a, "tools"));
        Assert.Contains("night-trains", Strings(a, "articles"));
        Assert.Empty(Strings(a, "shelfBefore"));
        Assert.Equal("night-trains", a.GetProperty("saved").GetProperty("articleId").GetString());
        Assert.Equal(40, a.GetProperty("saved").GetProperty("progress").GetInt32());
        Assert.Equal(["night-trains"], Strings(a, "shelfAfter"));

        var b = await RunFlowAsync("sign-in", gateway.McpUrl, readerB, Path.Combine(state.Path, "b.json"));
        AssertSignedInAs(b, readerB, gateway);
        // A's save must not leak to B: B's shelf is read before B saves anything.
        Assert.Empty(Strings(b, "shelfBefore"));
        Assert.NotEqual(a.GetProperty("clientId").GetString(), b.GetProperty("clientId").GetString());

        var again = await RunFlowAsync("new-chat", gateway.McpUrl, null, Path.Combine(state.Path, "a.json"));
        AssertSignedInAs(again, readerA, gateway);
        Assert.Equal(0, again.GetProperty("consentPages").GetInt32());
        Assert.Equal(a.GetProperty("clientId").GetString(), again.GetProperty("clientId").GetString());
        Assert.True(again.GetProperty("refreshTokenRotated").GetBoolean());
        Assert.Equal(["night-trains"], Strings(again, "shelf"));
        var entry = Assert.Single(again.GetProperty("shelfEntries").EnumerateArray());
        Assert.Equal(40, entry.GetProperty("progress").GetInt32());
    }

    [TypeScriptClientFact(TrustsATestCertificate = true)]
    public async Task SdkClient_WithAClientMetadataDocument_SignsInWithoutRegistering()
    {
        // The SDK 1.32.2 takes a clientMetadataUrl only if it is https (client/auth.js, isHttpsUrl), and the dev
        // sign-in service fetches it with the machine's ordinary certificate checks, so the document is served over
        // https on loopback with a throwaway certificate trusted for this test only.
        await using var documents = await MetadataDocumentHost.StartAsync();
        Assert.True(documents.UntrustedReason is null, documents.UntrustedReason);

        await using var auth = new DevAuthServer();
        await using var gateway = new GatewayServer(auth);
        using var state = new TempDirectory();
        var reader = TestUsers.New();

        var run = await RunFlowAsync("sign-in", gateway.McpUrl, reader, Path.Combine(state.Path, "cimd.json"), ["--client-metadata-url", documents.DocumentUrl]);

        AssertSignedInAs(run, reader, gateway);
        Assert.Equal(1, run.GetProperty("consentPages").GetInt32());
        Assert.Contains("begin_session", Strings(run, "tools"));
        Assert.Equal(["night-trains"], Strings(run, "shelfAfter"));
        Assert.Equal(documents.DocumentUrl, run.GetProperty("clientId").GetString());
        Assert.Equal(documents.DocumentUrl, run.GetProperty("token").GetProperty("client_id").GetString());
        Assert.Equal(0, run.GetProperty("registrations").GetInt32());
        // The dev sign-in service fetched the document (the consent page and the token exchange need it) instead.
        Assert.True(documents.Fetches >= 1, "The dev sign-in service never fetched the client's metadata document.");
    }

    [TypeScriptClientFact]
    public async Task SdkClient_OutputSchemaCheck_AcceptsEveryToolResult()
    {
        // The SDK checks each structuredContent against the tool's outputSchema; a strict host fails the call on a
        // mismatch (it once did: nullable properties were dropped while the schema listed them as required).
        await using var auth = new DevAuthServer();
        await using var gateway = new GatewayServer(auth);
        using var state = new TempDirectory();

        var run = await RunFlowAsync("sign-in", gateway.McpUrl, TestUsers.New(), Path.Combine(state.Path, "state.json"));

        var found = run.GetProperty("outputSchemaViolations").EnumerateArray()
            .Select(v => $"{v.GetProperty("tool").GetString()}: {v.GetProperty("error").GetString()}")
            .ToList();
        Assert.True(found.Count == 0, "The SDK rejects tool results:" + Environment.NewLine + string.Join(Environment.NewLine, found));
    }

    private async Task<JsonElement> RunFlowAsync(string mode, string connectorUrl, string? identity, string stateFile, string[]? options = null)
    {
        var client = E2eClient.Installed;
        List<string> arguments = identity is null
            ? [client.Script, mode, connectorUrl, stateFile]
            : [client.Script, mode, connectorUrl, identity, stateFile];
        arguments.AddRange(options ?? []);

        var clock = Stopwatch.StartNew();
        var run = await NodeTool.RunAsync(client.Node, arguments, client.Directory, s_runLimit);
        output.WriteLine($"flow.mjs {mode} {identity}: {(run.ExitCode is { } code ? $"exit {code}" : "killed at the limit")} in {clock.Elapsed.TotalSeconds:0.00} s");
        if (client.InstallNote is { } note)
        {
            output.WriteLine(note);
        }

        if (File.Exists(stateFile))
        {
            // The tokens the SDK holds are secrets like any other: the gateway's logs must not show them.
            using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(stateFile));
            var tokens = saved.RootElement.GetProperty("tokens");
            LogWitness.Remember(tokens.GetProperty("access_token").GetString());
            LogWitness.Remember(tokens.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null);
        }

        var line = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.True(run.Succeeded && line is not null,
            $"flow.mjs {mode} failed ({run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? $"killed after {s_runLimit.TotalSeconds:0} s"}):\n{run.StandardError}\n{run.StandardOutput}");
        output.WriteLine(line);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static void AssertSignedInAs(JsonElement run, string reader, GatewayServer gateway)
    {
        var token = run.GetProperty("token");
        Assert.Equal(reader, token.GetProperty("sub").GetString());
        // RFC 8707 lets the client name either the resource's URL or the origin the metadata gives; both are this gateway.
        Assert.Contains(token.GetProperty("aud").GetString(), new[] { gateway.McpUrl, gateway.Origin });
    }

    private static string[] Strings(JsonElement run, string property) =>
        [.. run.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}

/// <summary>
/// A client's Client ID Metadata Document on https://127.0.0.1 (client_id = its own URL, the callback flow.mjs uses),
/// served with a self-signed certificate that is trusted (CurrentUser Root store) only while this host lives.
/// </summary>
internal sealed class MetadataDocumentHost : IAsyncDisposable
{
    // tests/e2e-client/flow.mjs: CALLBACK_URL.
    private const string CallbackUrl = "http://127.0.0.1:1/e2e-callback";
    private static readonly string[] s_grantTypes = ["authorization_code", "refresh_token"];
    private static readonly string[] s_responseTypes = ["code"];

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2? _trusted;
    private int _fetches;

    private MetadataDocumentHost(WebApplication app, X509Certificate2 certificate, X509Certificate2? trusted, string documentUrl, string? untrustedReason)
    {
        _app = app;
        _certificate = certificate;
        _trusted = trusted;
        DocumentUrl = documentUrl;
        UntrustedReason = untrustedReason;
    }

    public string DocumentUrl { get; }

    /// <summary>Why the certificate could not be trusted, so the test cannot run; null when it can.</summary>
    public string? UntrustedReason { get; }

    public int Fetches => Volatile.Read(ref _fetches);

    public static async Task<MetadataDocumentHost> StartAsync()
    {
        var port = FreePort.Next();
        var documentUrl = $"https://127.0.0.1:{port}/oauth/reading-room-e2e.json";
        var certificate = SelfSigned();

        X509Certificate2? trusted = null;
        string? untrusted = null;
        try
        {
            trusted = X509CertificateLoader.LoadCertificate(certificate.RawData);
            using var roots = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
            roots.Open(OpenFlags.ReadWrite);
            roots.Add(trusted);
        }
        catch (CryptographicException e)
        {
            untrusted = $"the test certificate could not be added to the CurrentUser Root store: {e.Message}";
            trusted?.Dispose();
            trusted = null;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate)));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var host = new MetadataDocumentHost(app, certificate, trusted, documentUrl, untrusted);
        app.MapGet("/oauth/reading-room-e2e.json", () =>
        {
            Interlocked.Increment(ref host._fetches);
            return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["client_id"] = documentUrl,
                ["client_name"] = "Reading Room e2e (MCP TypeScript SDK, metadata document)",
                ["redirect_uris"] = new[] { CallbackUrl },
                ["grant_types"] = s_grantTypes,
                ["response_types"] = s_responseTypes,
                ["token_endpoint_auth_method"] = "none",
            }), "application/json");
        });
        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_trusted is not null)
        {
            using var roots = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
            roots.Open(OpenFlags.ReadWrite);
            roots.Remove(_trusted);
            _trusted.Dispose();
        }

        _certificate.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Reading Room e2e metadata document (test only)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }
}

/// <summary>Skips, with the reason, where tests/e2e-client can't be installed or run (no node or npm, npm ci failing).</summary>
internal sealed class TypeScriptClientFactAttribute : FactAttribute
{
    private bool _trustsATestCertificate;

    public TypeScriptClientFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (E2eClient.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>
    /// The test adds a throwaway certificate to the CurrentUser Root store for its own lifetime. Only on Linux is that
    /// silent (a file under ~/.dotnet); Windows would ask the person at the machine, so elsewhere the test is skipped.
    /// </summary>
    public bool TrustsATestCertificate
    {
        get => _trustsATestCertificate;
        set
        {
            _trustsATestCertificate = value;
            if (value && Skip is null && !OperatingSystem.IsLinux())
            {
                Skip = "TypeScript SDK metadata-document test skipped: trusting its test certificate without a prompt needs Linux.";
            }
        }
    }
}

/// <summary>tests/e2e-client, ready to run.</summary>
internal sealed record E2eInstall(string Directory, string Node, string Script, string? InstallNote);

/// <summary>tests/e2e-client installed (see <see cref="NpmFolder"/>) once per test process, and the node on PATH that runs it.</summary>
internal static class E2eClient
{
    private const string Skipped = "TypeScript SDK sign-in test skipped: ";
    private static readonly Lazy<(E2eInstall? Install, string? Why)> s_state = new(Prepare);

    public static string? UnavailableReason => s_state.Value.Why;

    public static E2eInstall Installed => s_state.Value.Install ?? throw new InvalidOperationException(UnavailableReason);

    private static (E2eInstall?, string?) Prepare()
    {
        if (NodeTool.OnPath("node") is not { } node)
        {
            return (null, Skipped + "node is not on PATH (the SDK needs Node 18 or later).");
        }

        var (folder, why) = NpmFolder.Prepare("e2e-client");
        return folder is null
            ? (null, Skipped + why)
            : (new E2eInstall(folder.Directory, node, Path.Combine(folder.Directory, "flow.mjs"), folder.InstallNote), null);
    }
}
