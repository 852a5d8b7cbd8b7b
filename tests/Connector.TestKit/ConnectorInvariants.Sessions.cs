namespace Connector.TestKit;

/// <summary>Session binding and tampering, and identity arguments: no argument can point at another person's data.</summary>
public abstract partial class ConnectorInvariants<TEntryPoint, TProfile>
{
    [Fact]
    public async Task Session_OfAnotherSignedInUser_IsRefused()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var alice = await BeginAsync(http);
        var bob = await BeginAsync(http);

        foreach (var request in new[] { App.DomainRead, App.ReadSaved, App.SaveMarker("bob-writes-as-alice") })
        {
            AssertRefusedToTheFrontDoor(await CallAsync(http, bob.Token, request, alice.Session), "different signed-in user");
        }

        var aliceSees = await CallAsync(http, alice.Token, App.ReadSaved, alice.Session);
        Assert.DoesNotContain("bob-writes-as-alice", aliceSees.Text + aliceSees.Structured, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flip-last")]
    [InlineData("flip-first-of-payload")]
    [InlineData("truncated")]
    [InlineData("other-prefix")]
    [InlineData("empty")]
    [InlineData("not-a-session")]
    public async Task Session_Tampered_IsRefused(string tampering)
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var (_, token, session) = await BeginAsync(http);
        var dot = session.IndexOf('.', StringComparison.Ordinal);
        var bent = tampering switch
        {
            "flip-last" => session[..^1] + (session[^1] == 'A' ? 'B' : 'A'),
            "flip-first-of-payload" => session[..(dot + 1)] + (session[dot + 1] == 'A' ? 'B' : 'A') + session[(dot + 2)..],
            "truncated" => session[..(session.Length / 2)],
            "other-prefix" => "xx9" + session[dot..],
            "empty" => "",
            _ => "not-a-session",
        };

        AssertRefusedToTheFrontDoor(await CallAsync(http, token, App.DomainRead, bent));
        AssertRefusedToTheFrontDoor(await CallAsync(http, token, App.ReadSaved, bent));
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("userId")]
    [InlineData("sub")]
    [InlineData("email")]
    [InlineData("owner")]
    public async Task IdentityArgument_IsRefused_AndReachesNoOneElsesData(string argument)
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var victim = await BeginAsync(http);
        var (_, token, session) = await BeginAsync(http);
        var marker = "victim-" + Guid.NewGuid().ToString("N")[..10];
        Assert.False((await CallAsync(http, victim.Token, App.SaveMarker(marker), victim.Session)).IsError);

        foreach (var request in new[] { App.DomainRead, App.ReadSaved, App.SaveMarker("written-by-another") })
        {
            var result = await http.CallToolAsync(token, request.Tool, request.With(session, (argument, victim.User)));

            Assert.True(result.IsError, $"{request.Tool} with `{argument}` should be refused, got: {result.Text}");
            Assert.Contains($"Unknown argument `{argument}`", result.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(marker, result.Text + result.Structured, StringComparison.Ordinal);
        }

        var victimSees = await CallAsync(http, victim.Token, App.ReadSaved, victim.Session);
        Assert.DoesNotContain("written-by-another", victimSees.Text + victimSees.Structured, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolSchemas_TakeNoIdentityArgument()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        string[] identityWords = ["user_id", "userid", "user", "sub", "subject", "email", "owner", "account"];

        foreach (var tool in await ListToolsAsync(http, await Host.TokenFor(TestUsers.New())))
        {
            var arguments = tool.GetProperty("inputSchema").TryGetProperty("properties", out var p)
                ? p.EnumerateObject().Select(a => a.Name.ToLowerInvariant()).ToList()
                : [];
            Assert.False(arguments.Intersect(identityWords).Any(), $"{tool.GetProperty("name")} takes an identity argument: {string.Join(", ", arguments)}");
        }
    }
}
