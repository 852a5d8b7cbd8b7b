namespace Connector.DevAuth.Protocol;

/// <summary>The RFC 7517 key set served at /jwks.json.</summary>
internal sealed record JsonWebKeySetDocument(IReadOnlyList<PublicJsonWebKeyDocument> Keys);
