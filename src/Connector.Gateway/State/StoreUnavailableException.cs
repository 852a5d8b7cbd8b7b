namespace Connector.Gateway.State;

/// <summary>The store is unreachable, locked or corrupt. Tools turn this into the fail-closed answer.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
