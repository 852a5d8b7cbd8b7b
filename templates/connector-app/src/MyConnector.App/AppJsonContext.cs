using System.Text.Json.Serialization;
using MyConnector.App.Content;
using MyConnector.App.Saved;

namespace MyConnector.App;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Item[]))]
[JsonSerializable(typeof(IReadOnlyList<SavedItem>))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
