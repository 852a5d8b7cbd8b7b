using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Connector.DevAuth.Clients;

/// <summary>
/// Registered clients, held in this process's memory only. DEV ONLY: a restart forgets every client (hosts such
/// as MCP clients simply register again), and there is no quota beyond <see cref="MaxClients"/>.
/// </summary>
internal sealed class ClientRegistry
{
    // Bounds the memory an open /register can be made to use on a developer's machine.
    public const int MaxClients = 10_000;

    private readonly ConcurrentDictionary<string, RegisteredClient> _clients = new(StringComparer.Ordinal);

    public bool TryAdd(ClientRegistrationDraft draft, DateTimeOffset now, out RegisteredClient client)
    {
        // Unguessable ids: a dev server still shouldn't let one local app act as another by counting.
        var clientId = "dev-client-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        client = new RegisteredClient(clientId, draft.ClientName, draft.RedirectUris, draft.GrantTypes, now);
        return _clients.Count < MaxClients && _clients.TryAdd(clientId, client);
    }

    public RegisteredClient? Find(string? clientId) =>
        clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;
}
