using System.Text.Json.Serialization;
using Tutor.App.Progress;

namespace Tutor.App.Teacher;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LearnerPosition))]
internal sealed partial class TutorJsonContext : JsonSerializerContext;
