using System.Text.Json.Serialization;

namespace ReadingRoom.DevAuth.Protocol;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(JsonWebKeySetDocument))]
internal sealed partial class DevAuthJsonContext : JsonSerializerContext;
