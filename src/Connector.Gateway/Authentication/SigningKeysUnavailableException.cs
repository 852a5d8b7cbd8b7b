namespace Connector.Gateway.Authentication;

/// <summary>The issuer's keys could not be fetched and none are cached: no token can be checked, so fail closed.</summary>
public sealed class SigningKeysUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
