namespace Connector.Gateway.Content;

/// <summary>
/// A content file the app ships with is missing or can't be read at start. The gateway stops with this message and
/// exit code 4 (see <c>ConnectorGatewayHost</c>), never serving without its content.
/// </summary>
public sealed class AppContentException(string message, Exception? innerException = null)
    : InvalidOperationException(message, innerException);
