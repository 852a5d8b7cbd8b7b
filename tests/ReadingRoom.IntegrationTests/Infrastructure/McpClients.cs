using ModelContextProtocol.Client;

namespace ReadingRoom.IntegrationTests.Infrastructure;

/// <summary>The C# SDK's real MCP client over Streamable HTTP, as a host would connect.</summary>
public static class McpClients
{
    public static Task<McpClient> ConnectAsync(string mcpUrl, string token, CancellationToken cancellationToken = default) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(mcpUrl),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
            }),
            new McpClientOptions { ClientInfo = new() { Name = "reading-room-tests", Version = "1.0" } },
            cancellationToken: cancellationToken);
}
