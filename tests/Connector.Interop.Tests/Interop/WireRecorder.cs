using System.Collections.Concurrent;
using System.Text.Json;

namespace Connector.Interop.Tests.Interop;

/// <summary>One HTTP exchange of an MCP client, as far as the era shows in it.</summary>
public sealed record WireExchange(string HttpMethod, string? RpcMethod, string? ProtocolVersionHeader, int Status);

/// <summary>
/// Sits under an SDK client's HttpClient and notes each exchange, so a test can tell from the wire, not only from
/// the SDK's own word, which handshake a connection used (<c>server/discover</c> or <c>initialize</c>).
/// </summary>
public sealed class WireRecorder() : DelegatingHandler(new HttpClientHandler())
{
    private readonly ConcurrentQueue<WireExchange> _exchanges = new();

    public IReadOnlyList<WireExchange> Exchanges => [.. _exchanges];

    public IEnumerable<string> RpcMethods => Exchanges.Select(e => e.RpcMethod).OfType<string>().Distinct();

    public IEnumerable<string> ProtocolVersionHeaders => Exchanges.Select(e => e.ProtocolVersionHeader).OfType<string>().Distinct();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var rpcMethod = request.Content is null ? null : RpcMethodOf(await request.Content.ReadAsStringAsync(cancellationToken));
        var version = request.Headers.TryGetValues("MCP-Protocol-Version", out var values) ? string.Join(",", values) : null;
        var response = await base.SendAsync(request, cancellationToken);
        _exchanges.Enqueue(new WireExchange(request.Method.Method, rpcMethod, version, (int)response.StatusCode));
        return response;
    }

    private static string? RpcMethodOf(string body)
    {
        try
        {
            using var message = JsonDocument.Parse(body);
            return message.RootElement.ValueKind == JsonValueKind.Object && message.RootElement.TryGetProperty("method", out var method)
                ? method.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
