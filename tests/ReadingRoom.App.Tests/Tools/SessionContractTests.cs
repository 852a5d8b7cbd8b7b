using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.Gateway.Session;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Tools;

/// <summary>
/// Every domain_* and user_* call needs a session token minted for the same signed-in reader. Each way a
/// token can be wrong must end in a tool error that sends the AI back to begin_session, never in data.
/// </summary>
public sealed class SessionContractTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_ValidSession_Works(string tool)
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        var result = await client.CallToolAsync(tool, Arguments(tool, session));

        Assert.NotEqual(true, result.IsError);
        Assert.NotNull(result.StructuredContent);
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_MissingSession_IsRefusedTowardBeginSession(string tool)
    {
        await using var client = await ConnectAsync(TestUsers.New());

        await AssertRefusedAsync(client, tool, session: null);
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_EmptySession_IsRefusedTowardBeginSession(string tool)
    {
        await using var client = await ConnectAsync(TestUsers.New());

        await AssertRefusedAsync(client, tool, "");
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_MalformedSession_IsRefusedTowardBeginSession(string tool)
    {
        await using var client = await ConnectAsync(TestUsers.New());

        await AssertRefusedAsync(client, tool, "abc");
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_TruncatedSession_IsRefusedTowardBeginSession(string tool)
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        await AssertRefusedAsync(client, tool, session[..10]);
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_SessionTamperedInTheMiddle_IsRefusedTowardBeginSession(string tool)
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);

        await AssertRefusedAsync(client, tool, ChangeCharNear(session, session.Length / 2));
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_SessionTamperedInTheSignature_IsRefusedTowardBeginSession(string tool)
    {
        await using var client = await ConnectAsync(TestUsers.New());
        var session = await BeginAsync(client);
        var signatureStart = session.LastIndexOf('.') + 1;

        await AssertRefusedAsync(client, tool, ChangeCharNear(session, signatureStart + ((session.Length - signatureStart) / 2)));
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_ExpiredSession_IsRefusedTowardBeginSession(string tool)
    {
        var reader = TestUsers.New();
        await using var client = await ConnectAsync(reader);
        var twoHoursAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var expired = Minter(fixture.Gateway.SessionSecret, twoHoursAgo, TimeSpan.FromMinutes(1)).Mint(reader, out _);

        var text = await AssertRefusedAsync(client, tool, expired);

        Assert.Contains("expired", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_SessionSignedWithAnotherSecret_IsRefusedTowardBeginSession(string tool)
    {
        var reader = TestUsers.New();
        await using var client = await ConnectAsync(reader);
        var forged = Minter(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), TimeProvider.System, TimeSpan.FromHours(1)).Mint(reader, out _);

        await AssertRefusedAsync(client, tool, forged);
    }

    [Theory]
    [InlineData(ToolNames.DomainGetArticle)]
    [InlineData(ToolNames.UserSaveToShelf)]
    public async Task GatedTool_AnotherReadersSession_IsRefusedTowardBeginSession(string tool)
    {
        await using var readerA = await ConnectAsync(TestUsers.New());
        await using var readerB = await ConnectAsync(TestUsers.New());
        var sessionOfB = await BeginAsync(readerB);

        var text = await AssertRefusedAsync(readerA, tool, sessionOfB);

        Assert.Contains("different signed-in user", text, StringComparison.Ordinal);
        Assert.Equal(0, await ShelfCountAsync(readerB));
    }

    [Fact]
    public async Task Session_MintedByOneInstance_IsAcceptedByAnotherWithTheSameSecret()
    {
        var reader = TestUsers.New();
        await using var first = await ConnectAsync(reader);
        var session = await BeginAsync(first);
        await using var twin = new GatewayServer(fixture.Auth, new Dictionary<string, string?> { ["SESSION_SIGNING_SECRET"] = fixture.Gateway.SessionSecret });
        await using var second = await McpClients.ConnectAsync(twin.McpUrl, await fixture.Auth.MintAsync(reader, twin.McpUrl));

        var result = await second.CallToolAsync(ToolNames.DomainGetArticle, Arguments(ToolNames.DomainGetArticle, session));

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("slow-reading", Data(result).GetProperty("article").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Session_MintedByOneInstance_IsRefusedByAnotherWithADifferentSecret()
    {
        var reader = TestUsers.New();
        await using var first = await ConnectAsync(reader);
        var session = await BeginAsync(first);
        await using var stranger = new GatewayServer(fixture.Auth);
        await using var second = await McpClients.ConnectAsync(stranger.McpUrl, await fixture.Auth.MintAsync(reader, stranger.McpUrl));

        await AssertRefusedAsync(second, ToolNames.DomainGetArticle, session);
    }

    private async Task<McpClient> ConnectAsync(string reader) =>
        await McpClients.ConnectAsync(fixture.Gateway.McpUrl, await fixture.TokenFor(reader));

    private static async Task<string> BeginAsync(McpClient client) =>
        Data(await client.CallToolAsync("begin_session", new Dictionary<string, object?>())).GetProperty("session").GetString()!;

    private static Dictionary<string, object?> Arguments(string tool, string? session)
    {
        var arguments = tool switch
        {
            ToolNames.DomainGetArticle => new Dictionary<string, object?> { ["id"] = "slow-reading" },
            ToolNames.UserSaveToShelf => new Dictionary<string, object?> { ["article_id"] = "slow-reading", ["progress"] = 10 },
            _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, "no arguments known for this tool"),
        };
        if (session is not null)
        {
            arguments["session"] = session;
        }

        return arguments;
    }

    /// <summary>The refusal contract, plus: a refused write left the caller's shelf untouched.</summary>
    private static async Task<string> AssertRefusedAsync(McpClient client, string tool, string? session)
    {
        var result = await client.CallToolAsync(tool, Arguments(tool, session));

        var text = Text(result);
        Assert.True(result.IsError, $"{tool} accepted session '{session}': {text}");
        Assert.Null(result.StructuredContent);
        Assert.Contains("Call begin_session", text, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", text, StringComparison.Ordinal);
        Assert.Equal(0, await ShelfCountAsync(client));
        return text;
    }

    private static async Task<int> ShelfCountAsync(McpClient client)
    {
        var shelf = await client.CallToolAsync(ToolNames.UserGetShelf, new Dictionary<string, object?> { ["session"] = await BeginAsync(client) });
        return Data(shelf).GetProperty("shelf").GetProperty("items").GetArrayLength();
    }

    private static SessionTokenService Minter(string secret, TimeProvider time, TimeSpan lifetime) =>
        new(Options.Create(new SessionTokenOptions { Secrets = [Encoding.UTF8.GetBytes(secret)], Lifetime = lifetime }), time);

    /// <summary>Swaps the character at (or just after) the index for another of the same kind; dots would only change the shape.</summary>
    private static string ChangeCharNear(string token, int index)
    {
        while (token[index] == '.')
        {
            index++;
        }

        var replacement = char.IsAsciiDigit(token[index]) ? (token[index] == '1' ? '2' : '1') : (token[index] == 'A' ? 'B' : 'A');
        var changed = string.Concat(token.AsSpan(0, index), replacement.ToString(), token.AsSpan(index + 1));
        Assert.NotEqual(token, changed);
        return changed;
    }

    private static JsonElement Data(CallToolResult result) =>
        result.StructuredContent ?? throw new InvalidOperationException("No structuredContent; the tool said: " + Text(result));

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
