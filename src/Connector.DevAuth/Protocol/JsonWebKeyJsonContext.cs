using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Protocol;

/// <summary>Read only through <see cref="JsonWebKeyJson"/>, which leaves out the empty lists this would write.</summary>
[JsonSerializable(typeof(JsonWebKeySet))]
[JsonSerializable(typeof(JsonWebKey))]
internal sealed partial class JsonWebKeyJsonContext : JsonSerializerContext;
