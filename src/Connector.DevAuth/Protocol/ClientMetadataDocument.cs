using System.Text.Json.Serialization;

namespace Connector.DevAuth.Protocol;

/// <summary>
/// A Client ID Metadata Document: the client's own metadata, served at the URL that is its client_id.
/// Members are optional on the wire so a missing one is reported by name rather than as a parse failure.
/// </summary>
internal sealed record ClientMetadataDocument(
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string>? RedirectUris,
    [property: JsonPropertyName("client_name")] string? ClientName,
    [property: JsonPropertyName("grant_types")] IReadOnlyList<string>? GrantTypes,
    [property: JsonPropertyName("response_types")] IReadOnlyList<string>? ResponseTypes,
    [property: JsonPropertyName("token_endpoint_auth_method")] string? TokenEndpointAuthMethod);
