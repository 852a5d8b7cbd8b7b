using System.Text.Json.Nodes;

namespace Connector.Doctor.Tests;

/// <summary>Stub connectors, each broken one way: the doctor must fail exactly the step that names the break.</summary>
public sealed class BrokenStubTests(ITestOutputHelper log)
{
    private static readonly string[] LocalWarnings = ["transport", "redirect-callback"];

    [Fact]
    public async Task TheHealthyStub_PassesEverything_SoEachBreakBelowIsTheOnlyProblem()
    {
        await using var stub = await StubConnector.StartAsync();

        var (report, _) = await DoctorRun.RunAsync(new DoctorOptions { Url = stub.McpUrl, Token = "stub-token" }, log);

        Assert.True(report.ExitCode == 0, DoctorRun.NotPassed(report));
        Assert.Equal(LocalWarnings, report.Steps.Where(s => s.Outcome != Outcome.Pass).Select(s => s.Id));
    }

    [Theory]
    [InlineData(false, "/.well-known/oauth-authorization-server/tenants/acme")]
    [InlineData(true, "/tenants/acme/.well-known/openid-configuration")]
    public async Task AnIssuerWithAPath_ItsMetadataIsFound_WhereHostsLook(bool openIdAppendedOnly, string servedAt)
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup { IssuerPath = "/tenants/acme", OpenIdAppendedOnly = openIdAppendedOnly });

        var (report, _) = await DoctorRun.RunAsync(new DoctorOptions { Url = stub.McpUrl, Token = "stub-token" }, log);

        Assert.True(report.ExitCode == 0, DoctorRun.NotPassed(report));
        Assert.Equal(LocalWarnings, report.Steps.Where(s => s.Outcome != Outcome.Pass).Select(s => s.Id));
        Assert.Equal("found at " + stub.Origin + servedAt, report.Find("as-metadata")!.Detail);
    }

    [Fact]
    public async Task MetadataOnlyAtTheRoot_WarnsWhereHostsLook_AndFailsTheResource()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup { MetadataAtPath = false, ChallengeAtRoot = true });

        var report = await Failed(stub, "prm-resource");

        Assert.Equal(Outcome.Warn, DoctorRun.OutcomeOf(report, "prm-location"));
        Assert.Contains("only the root form", report.Find("prm-location")!.Detail, StringComparison.Ordinal);
        Assert.Contains($"resource = {stub.Origin}, connector URL = {stub.McpUrl} (the origin's document", report.Find("prm-resource")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrailingSlashOnTheResource_FailsAsSlashDrift_NamingBothValues()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup { McpResource = "{origin}/mcp/" });

        var report = await Failed(stub, "prm-resource");

        Assert.Contains($"slash drift: resource = {stub.McpUrl}/, connector URL = {stub.McpUrl}", report.Find("prm-resource")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChallengeWithoutResourceMetadata_FailsTheChallenge()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup { Challenge = "Bearer realm=\"stub\"" });

        var report = await Failed(stub, "challenge");

        Assert.Contains("no resource_metadata", report.Find("challenge")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthorizationServerWithoutS256_FailsPkce()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup { EditAuthorizationServer = m => m["code_challenge_methods_supported"] = new JsonArray("plain") });

        await Failed(stub, "pkce");
    }

    [Fact]
    public async Task NoCimdAndNoRegistrationEndpoint_FailsRegistration()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup
        {
            EditAuthorizationServer = m =>
            {
                m.Remove("client_id_metadata_document_supported");
                m.Remove("registration_endpoint");
                m["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic");
            },
        });

        var report = await Failed(stub, "registration");

        Assert.Contains("no registration_endpoint", report.Find("registration")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfACimd_WithDynamicRegistration_Passes_SayingClaudeFallsBack()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup { EditAuthorizationServer = m => m.Remove("client_id_metadata_document_supported") });

        var (report, _) = await DoctorRun.RunAsync(new DoctorOptions { Url = stub.McpUrl, Token = "stub-token" }, log);

        Assert.Equal(Outcome.Pass, DoctorRun.OutcomeOf(report, "registration"));
        Assert.Contains("Claude falls back to dynamic registration", report.Find("registration")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerRefusing2026_FailsDiscover_QuotingTheError()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup
        {
            Mcp = request => (string?)request["method"] == "server/discover" ? StubConnector.Error(request, 400, -32022, "Unsupported protocol version") : null,
        });

        var report = await Failed(stub, "discover-2026");

        Assert.Contains("-32022", report.Find("discover-2026")!.Detail, StringComparison.Ordinal);
        Assert.Equal(Outcome.Skip, DoctorRun.OutcomeOf(report, "tools-list-2026"));
        // The 2025 era still works, and says so.
        Assert.Equal(Outcome.Pass, DoctorRun.OutcomeOf(report, "initialize-2025"));
    }

    [Fact]
    public async Task ADifferentToolListIn2026_FailsTheSecondEraList_NamingTheTool()
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup
        {
            // The 2026-07-28 era's tools/list (its version rides in _meta) shows a tool the 2025 era's doesn't.
            Mcp = request => (string?)request["method"] == "tools/list" && request["params"]?["_meta"]?["io.modelcontextprotocol/protocolVersion"] is not null
                ? StubConnector.Result(request, new JsonObject
                {
                    ["tools"] = new JsonArray(
                        new JsonObject { ["name"] = "begin_session", ["inputSchema"] = new JsonObject { ["type"] = "object" } },
                        new JsonObject { ["name"] = "domain_only_new", ["inputSchema"] = new JsonObject { ["type"] = "object" } }),
                })
                : null,
        });

        var report = await Failed(stub, "tools-list-2026");

        Assert.Equal("only in 2026-07-28: domain_only_new", report.Find("tools-list-2026")!.Detail);
    }

    /// <summary>Runs the doctor on the stub, and asserts that <paramref name="id"/> is the one step that failed.</summary>
    private async Task<Report> Failed(StubConnector stub, string id)
    {
        var (report, output) = await DoctorRun.RunAsync(new DoctorOptions { Url = stub.McpUrl, Token = "stub-token" }, log);
        Assert.True(report.Find(id)?.Outcome == Outcome.Fail, $"{id} did not fail:\n{output}");
        Assert.Equal([id], report.Steps.Where(s => s.Outcome == Outcome.Fail).Select(s => s.Id));
        Assert.NotNull(report.Find(id)!.Fix);
        Assert.Equal(1, report.ExitCode);
        return report;
    }
}
