namespace Connector.Doctor.Tests;

/// <summary>
/// The real Reading Room with the real dev sign-in, as ./run starts them: every step passes. The only warnings
/// allowed are the two a local setup can't avoid: plain http on a loopback port, and the host callback not probed.
/// </summary>
public sealed class GoodGatewayTests(SqliteConnector<Program> fixture, ITestOutputHelper log) : IClassFixture<SqliteConnector<Program>>
{
    private static readonly string[] ExpectedWarnings = ["transport", "redirect-callback"];

    [Fact]
    public async Task WithTheDevSignIn_EveryStepPasses_ExceptTheTwoLocalWarnings_AndTheExitCodeIs0()
    {
        var (report, output) = await DoctorRun.RunAsync(new DoctorOptions { Url = fixture.Gateway.McpUrl, DevSignIn = fixture.Auth.Url }, log);

        Assert.True(report.ExitCode == 0, DoctorRun.NotPassed(report) + "\n" + output);
        Assert.Equal(ExpectedWarnings, report.Steps.Where(s => s.Outcome != Outcome.Pass).Select(s => s.Id));
        Assert.All(report.Steps.Where(s => s.Outcome != Outcome.Pass), s => Assert.Equal(Outcome.Warn, s.Outcome));
        // Every step of the replay ran: nothing was skipped for want of a token or an earlier finding.
        string[] all = ["transport", "challenge", "prm-location", "prm-resource", "prm-authorization-servers", "as-metadata", "pkce",
            "registration", "iss-parameter", "redirect-callback", "token", "discover-2026", "token-accepted", "initialize-2025",
            "tools-list", "tools-list-2026", "tool-names", "tool-annotations", "front-door"];
        Assert.Equal(all, report.Steps.Select(s => s.Id));
        Assert.Contains("begin_session", report.Find("front-door")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithProbeRegistration_ClaudesCallbackIsAccepted_LeavingOnlyTheTransportWarning()
    {
        var (report, _) = await DoctorRun.RunAsync(new DoctorOptions { Url = fixture.Gateway.McpUrl, DevSignIn = fixture.Auth.Url, ProbeRegistration = true }, log);

        Assert.Equal(Outcome.Pass, DoctorRun.OutcomeOf(report, "redirect-callback"));
        Assert.Equal(["transport"], report.Steps.Where(s => s.Outcome != Outcome.Pass).Select(s => s.Id));
    }

    [Fact]
    public async Task AGivenToken_IsNeverPrinted_OnlyItsRedactedStub()
    {
        var token = await fixture.TokenFor("doctor-redaction");

        var (report, output) = await DoctorRun.RunAsync(new DoctorOptions { Url = fixture.Gateway.McpUrl, Token = token }, log);

        Assert.Equal(0, report.ExitCode);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], output, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer eyJ…(redacted)", output, StringComparison.Ordinal);
        // The session begin_session returned is a secret too.
        Assert.DoesNotMatch(@"cs1\.[A-Za-z0-9]", output);
    }

    [Fact]
    public async Task ATokenForAnotherAudience_IsDiagnosedAsAnAudienceMismatch()
    {
        var token = await fixture.Auth.MintAsync("doctor", "https://other.example/mcp");

        var (report, _) = await DoctorRun.RunAsync(new DoctorOptions { Url = fixture.Gateway.McpUrl, Token = token }, log);

        Assert.Equal(1, report.ExitCode);
        var step = report.Find("token-accepted")!;
        Assert.Equal(Outcome.Fail, step.Outcome);
        Assert.Contains("aud=https://other.example/mcp", step.Detail, StringComparison.Ordinal);
        Assert.Contains("Audience or issuer mismatch", step.Fix, StringComparison.Ordinal);
        Assert.Equal([], report.Steps.Where(s => s.Outcome == Outcome.Fail && s.Id != "token-accepted").Select(s => s.Id));
    }

    [Fact]
    public async Task AGatewayWhoseResourceUrlIsAnotherUrl_FailsTheResourceStep_NamingBothValues()
    {
        // A copy-paste slip: RESOURCE_URL names another port than the one people are given.
        const string Configured = "http://127.0.0.1:9/mcp";
        await using var gateway = new GatewayServer<Program>(fixture.Auth, new Dictionary<string, string?> { ["RESOURCE_URL"] = Configured });

        var (report, _) = await DoctorRun.RunAsync(new DoctorOptions { Url = gateway.McpUrl }, log);

        var step = report.Find("prm-resource")!;
        Assert.Equal(Outcome.Fail, step.Outcome);
        Assert.Contains(Configured, step.Detail, StringComparison.Ordinal);
        Assert.Contains(gateway.McpUrl, step.Detail, StringComparison.Ordinal);
        Assert.Equal(1, report.ExitCode);
    }
}
