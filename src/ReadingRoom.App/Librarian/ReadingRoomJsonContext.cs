using System.Text.Json.Serialization;
using ReadingRoom.App.Shelf;

namespace ReadingRoom.App.Librarian;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ShelfView))]
internal sealed partial class ReadingRoomJsonContext : JsonSerializerContext;
