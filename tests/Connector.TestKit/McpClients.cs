using ModelContextProtocol.Client;

namespace Connector.TestKit;

/// <summary>The C# SDK's real MCP client over Streamable HTTP, as a host would connect.</summary>
public static class McpClients
{
    /// <summary>The SDK's default client: it picks the protocol era itself.</summary>
    public static Task<McpClient> ConnectAsync(string mcpUrl, string token, CancellationToken cancellationToken = default) =>
        ConnectAsync(mcpUrl, token, protocolVersion: null, httpClient: null, cancellationToken);

    /// <summary>
    /// A client held to one protocol revision. The SDK takes <paramref name="protocolVersion"/> as both the version it
    /// asks for and the least it accepts: <c>2026-07-28</c> probes with <c>server/discover</c> and never falls back,
    /// <c>2025-11-25</c> runs the <c>initialize</c> handshake; a server answering otherwise fails the connect. Null
    /// keeps the SDK's own choice (2.4.0: prefer 2026-07-28, fall back to <c>initialize</c>).
    /// </summary>
    /// <param name="httpClient">Sends the requests (e.g. through a recording handler); the caller keeps ownership. Null: the transport's own.</param>
    public static Task<McpClient> ConnectAsync(string mcpUrl, string token, string? protocolVersion, HttpClient? httpClient = null, CancellationToken cancellationToken = default)
    {
        var transportOptions = new HttpClientTransportOptions
        {
            Endpoint = new Uri(mcpUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        };
        var transport = httpClient is null
            ? new HttpClientTransport(transportOptions)
            : new HttpClientTransport(transportOptions, httpClient, ownsHttpClient: false);
        return McpClient.CreateAsync(
            transport,
            new McpClientOptions { ClientInfo = new() { Name = "reading-room-tests", Version = "1.0" }, ProtocolVersion = protocolVersion },
            cancellationToken: cancellationToken);
    }
}
