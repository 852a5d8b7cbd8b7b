namespace Connector.Gateway.Tools;

public sealed record PersonaResult(string Persona);
