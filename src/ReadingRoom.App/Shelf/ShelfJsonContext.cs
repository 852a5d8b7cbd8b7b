using System.Text.Json.Serialization;

namespace ReadingRoom.App.Shelf;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ShelfRecord>))]
internal sealed partial class ShelfJsonContext : JsonSerializerContext;
