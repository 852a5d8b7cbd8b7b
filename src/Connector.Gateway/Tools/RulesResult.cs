namespace Connector.Gateway.Tools;

public sealed record RulesResult(string Rules);
