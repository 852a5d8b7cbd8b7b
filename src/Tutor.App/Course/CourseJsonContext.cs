using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tutor.App.Course;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(CourseDocument))]
internal sealed partial class CourseJsonContext : JsonSerializerContext;
