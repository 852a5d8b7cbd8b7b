namespace Connector.DevAuth.Clients;

/// <summary>
/// Finds the client a client_id names: a URL is a Client ID Metadata Document to fetch, anything else is looked
/// up among the clients registered through /register. The two never mix, so a registration can't shadow a URL.
/// </summary>
internal sealed class ClientDirectory(ClientRegistry registry, ClientMetadataDocuments documents)
{
    private const string NotRegistered = "The client_id is not registered here. Register the client with POST /register first, or use the URL of a client metadata document as client_id.";

    public async ValueTask<ClientLookup> FindAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (clientId is null)
        {
            return new ClientLookup(null, NotRegistered);
        }

        if (ClientMetadataDocuments.LooksLikeUrl(clientId))
        {
            return await documents.FetchAsync(clientId, cancellationToken);
        }

        return registry.Find(clientId) is { } client ? new ClientLookup(client, null) : new ClientLookup(null, NotRegistered);
    }
}
