using System.Text.Json.Serialization;

namespace Tutor.App.Progress;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<SectionRecord>))]
internal sealed partial class ProgressJsonContext : JsonSerializerContext;
