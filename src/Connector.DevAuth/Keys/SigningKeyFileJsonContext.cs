using System.Text.Json.Serialization;

namespace Connector.DevAuth.Keys;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(SigningKeyFile))]
internal sealed partial class SigningKeyFileJsonContext : JsonSerializerContext;
