using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Doctor.Tests;

/// <summary>--json through the command line entry: one parseable document whose exitCode is the process's.</summary>
public sealed class JsonOutputTests
{
    private static readonly string[] Outcomes = ["pass", "warn", "fail", "skip"];

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task Json_Parses_AndItsExitCodeMatchesTheReturnedOne(bool withoutS256, int expected)
    {
        await using var stub = await StubConnector.StartAsync(new StubSetup
        {
            EditAuthorizationServer = withoutS256 ? m => m["code_challenge_methods_supported"] = new JsonArray("plain") : null,
        });
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await Doctor.MainAsync([stub.McpUrl, "--token", "stub-token", "--json"], output, error);

        Assert.Equal(expected, exit);
        using var document = JsonDocument.Parse(output.ToString());
        var root = document.RootElement;
        Assert.Equal(exit, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(stub.McpUrl, root.GetProperty("target").GetString());
        Assert.Equal(expected, root.GetProperty("summary").GetProperty("fail").GetInt32());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(withoutS256 ? "fail" : "pass", steps.Single(s => s.GetProperty("id").GetString() == "pkce").GetProperty("outcome").GetString());
        Assert.All(steps, s => Assert.Contains(s.GetProperty("outcome").GetString(), Outcomes));
        Assert.DoesNotContain("stub-token", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUsageError_Exits2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, await Doctor.MainAsync(["not a url"], output, error));
        Assert.Contains("Usage", error.ToString(), StringComparison.Ordinal);
    }
}
