using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Mcp;

/// <summary>
/// One stateless transport and one server for the life of the process, for the requests that read nothing
/// from a conversation's handshake: <c>tools/call</c>, <c>tools/list</c> and <c>ping</c>. Building and tearing
/// down a server per POST was the largest cost of a tool call (the SDK composes its handler pipeline, starts a
/// message loop, and ends it by cancellation). Every POST still gets its own response stream from the SDK's
/// transport, the verified principal rides on its message, and its HTTP request's execution context flows to
/// the handler. Anything that sets per-client state on a server (<c>initialize</c>, <c>logging/setLevel</c>)
/// and every notification keep getting a server of their own.
/// </summary>
internal sealed class SharedMcpServer : IAsyncDisposable
{
    private readonly StreamableHttpServerTransport _transport;
    private readonly McpServer _server;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _running;

    public SharedMcpServer(IOptions<McpServerOptions> serverOptions, ILoggerFactory loggerFactory, IServiceProvider services)
    {
        _transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true, FlowExecutionContextFromRequests = true };
        _server = McpServer.Create(_transport, serverOptions.Value, loggerFactory, services);
        _running = _server.RunAsync(_stopping.Token);
    }

    /// <summary>True for the requests this server may answer: they carry everything they need in themselves.</summary>
    public static bool Serves(JsonRpcMessage message) =>
        message is JsonRpcRequest { Method: RequestMethods.ToolsCall or RequestMethods.ToolsList or RequestMethods.Ping };

    /// <summary>Answers one request into the POST's response body; see <see cref="StreamableHttpServerTransport.HandlePostRequestAsync"/>.</summary>
    public Task<bool> HandleAsync(JsonRpcMessage message, Stream responseBody, CancellationToken cancellationToken) =>
        _transport.HandlePostRequestAsync(message, responseBody, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _transport.DisposeAsync();
        await _server.DisposeAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopping is done by cancellation.
        }

        _stopping.Dispose();
    }
}
