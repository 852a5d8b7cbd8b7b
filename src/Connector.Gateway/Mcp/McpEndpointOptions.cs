namespace Connector.Gateway.Mcp;

public sealed class McpEndpointOptions
{
    /// <summary>The largest request body accepted on POST /mcp; larger ones get 413 before any parsing.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
