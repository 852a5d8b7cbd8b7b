using System.Text.Json.Serialization;

namespace ReadingRoom.App.Catalog;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(Article[]))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
