namespace Connector.DevAuth.Clients;

/// <summary>The client a client_id names, or why there is none, in words fit for the error page.</summary>
internal sealed record ClientLookup(RegisteredClient? Client, string? Problem);
