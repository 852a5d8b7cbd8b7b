using System.Text.Json.Serialization;

namespace Connector.DevAuth.Protocol;

/// <summary>
/// The RFC 7591 client metadata this server understands; every member is optional on the wire so a missing
/// one is reported as invalid_client_metadata rather than as a parse failure. Unknown members are ignored, as the RFC asks.
/// </summary>
internal sealed record ClientRegistrationRequest(
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string>? RedirectUris,
    [property: JsonPropertyName("client_name")] string? ClientName,
    [property: JsonPropertyName("grant_types")] IReadOnlyList<string>? GrantTypes,
    [property: JsonPropertyName("response_types")] IReadOnlyList<string>? ResponseTypes,
    [property: JsonPropertyName("token_endpoint_auth_method")] string? TokenEndpointAuthMethod);
