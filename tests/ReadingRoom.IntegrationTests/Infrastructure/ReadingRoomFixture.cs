namespace ReadingRoom.IntegrationTests.Infrastructure;

/// <summary>One dev sign-in service and one gateway for a test class. Tests use fresh readers, never shared data.</summary>
public sealed class ReadingRoomFixture : IAsyncLifetime
{
    public DevAuthServer Auth { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Auth = new DevAuthServer();
        Gateway = new GatewayServer(Auth);
        return Task.CompletedTask;
    }

    /// <summary>A subject no other test uses.</summary>
    public static string NewReader() => "reader-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A valid token for a new reader, minted by the dev sign-in for this gateway.</summary>
    public Task<string> TokenFor(string reader) => Auth.MintAsync(reader, Gateway.McpUrl);

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Auth.DisposeAsync();
    }
}
