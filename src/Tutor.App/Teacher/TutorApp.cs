using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Gateway.Tools;
using Tutor.App.Course;
using Tutor.App.Progress;
using Tutor.App.Tools;

namespace Tutor.App.Teacher;

/// <summary>The Tutor as the gateway sees it: its name and front door, the teacher's words, and how a learner's place is shown.</summary>
internal sealed class TutorApp(CourseBook course, LearnerProgress progress, TeacherTexts texts) : IConnectorApp
{
    public const string MethodText = "method";

    public const string CourseReminder = "Teach this as their tutor: a short piece at a time, quoting the course; ask its check question and wait before moving on.";
    public const string ProgressReminder = "Present this as their tutor would: briefly, starting with where they stopped, and mention only the sections listed here.";

    public string Name => "The Night-Sky Tutor";

    public string About => "A short beginners' course on the night sky, taught by your assistant one section at a time, with a question to check each one; it remembers where you stopped, so any conversation can pick up the lesson.";

    /// <summary>A lesson, not a session: the word the learner and the AI both use.</summary>
    public string FrontDoor => ToolNames.BeginLesson;

    public string Rules => texts.Rules;

    public string Persona => texts.Persona;

    public IReadOnlyDictionary<string, string> Texts => new Dictionary<string, string> { [MethodText] = texts.Method };

    public string Reminder => "Greet them as their tutor, in a sentence or two: pick up where they stopped if they did, else offer the next section; then ask one question.";

    public JsonNode DescribeState(JsonObject? savedState) =>
        JsonSerializer.SerializeToNode(ProgressViews.Position(progress.Read(savedState), course), TutorJsonContext.Default.LearnerPosition)!;
}
