using Connector.Gateway.Tools;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Tools;

/// <summary>What a host sees in tools/list: one bad entry here can hide the whole connector or mislead the AI.</summary>
public sealed partial class ToolCatalogTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private static readonly string[] s_identityNames = ["userid", "sub", "subject", "user", "email", "reader", "owner", "readerid", "ownerid"];

    [Fact]
    public async Task ToolsList_Names_AreExactlyGatewayToolsPlusToolNames()
    {
        var declared = new[] { typeof(ToolNames), typeof(GatewayToolNames) }
            .SelectMany(names => names.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        var listed = (await ListAsync()).Select(t => t.Name).Order(StringComparer.Ordinal);

        Assert.Equal(declared, listed);
    }

    [Fact]
    public async Task ToolsList_EveryName_MatchesTheHostNamePattern()
    {
        foreach (var tool in await ListAsync())
        {
            Assert.True(HostToolName().IsMatch(tool.Name), $"'{tool.Name}' does not match ^[a-zA-Z0-9_-]{{1,64}}$");
        }
    }

    [Fact]
    public async Task ToolsList_EveryTool_HasTitleAndDescription()
    {
        foreach (var tool in await ListAsync())
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Title), $"{tool.Name} has no title");
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), $"{tool.Name} has no description");
        }
    }

    [Fact]
    public async Task ToolsList_EveryTool_SaysWhetherItWritesAndWhetherThatDestroys()
    {
        foreach (var tool in await ListAsync())
        {
            Assert.NotNull(tool.Annotations);
            Assert.NotNull(tool.Annotations.ReadOnlyHint);
            if (tool.Annotations.ReadOnlyHint == false)
            {
                Assert.True(tool.Annotations.DestructiveHint is not null, $"{tool.Name} writes but does not say whether it is destructive");
            }
        }
    }

    [Fact]
    public async Task ToolsList_RemoveFromShelf_IsMarkedDestructive()
    {
        var remove = (await ListAsync()).Single(t => t.Name == ToolNames.UserRemoveFromShelf);

        Assert.Equal(false, remove.Annotations?.ReadOnlyHint);
        Assert.Equal(true, remove.Annotations?.DestructiveHint);
    }

    [Fact]
    public async Task ToolsList_EveryDomainAndUserTool_RequiresSession()
    {
        var gated = (await ListAsync()).Where(t => t.Name.StartsWith("domain_", StringComparison.Ordinal) || t.Name.StartsWith("user_", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(gated);
        foreach (var tool in gated)
        {
            Assert.True(tool.InputSchema.GetProperty("properties").TryGetProperty("session", out var session), $"{tool.Name} has no session parameter");
            Assert.Equal("string", session.GetProperty("type").GetString());
            var required = tool.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString());
            Assert.Contains("session", required);
        }
    }

    [Fact]
    public async Task ToolsList_NoInputSchema_HasAnIdentityParameter()
    {
        foreach (var tool in await ListAsync())
        {
            if (!tool.InputSchema.TryGetProperty("properties", out var properties))
            {
                continue;
            }

            foreach (var property in properties.EnumerateObject())
            {
                var normalized = property.Name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
                Assert.False(s_identityNames.Contains(normalized, StringComparer.OrdinalIgnoreCase), $"{tool.Name} takes `{property.Name}`: who the user is must come from sign-in");
            }
        }
    }

    [Fact]
    public async Task ToolsList_EveryTool_HasAnObjectOutputSchema()
    {
        foreach (var tool in await ListAsync())
        {
            Assert.True(tool.OutputSchema is { ValueKind: JsonValueKind.Object }, $"{tool.Name} has no outputSchema");
            Assert.Equal("object", tool.OutputSchema!.Value.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task ToolsList_BeginSessionDescription_SaysCallItFirst()
    {
        var begin = (await ListAsync()).Single(t => t.Name == "begin_session");

        Assert.Contains("FIRST", begin.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsList_BeginSessionAndHealth_TakeNoArguments()
    {
        foreach (var tool in (await ListAsync()).Where(t => t.Name is "begin_session" or "health"))
        {
            var count = tool.InputSchema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Count() : 0;
            Assert.True(count == 0, $"{tool.Name} takes arguments");
        }
    }

    private async Task<IReadOnlyList<Tool>> ListAsync()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(TestUsers.New()));
        return (await client.ListToolsAsync()).Select(t => t.ProtocolTool).ToList();
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex HostToolName();
}
