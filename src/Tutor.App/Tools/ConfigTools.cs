using System.ComponentModel;
using ModelContextProtocol.Server;
using Tutor.App.Teacher;
using Tutor.App.Tools.Results;

namespace Tutor.App.Tools;

/// <summary>
/// config_*: the Tutor's own standing text, its teaching method. The rules and the persona come with the
/// skeleton (config_get_rules, config_get_persona).
/// </summary>
[McpServerToolType]
public sealed class ConfigTools(TeacherTexts texts)
{
    [McpServerTool(Name = ToolNames.ConfigGetMethod, Title = "Get the teaching method", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description($"Returns how the Night-Sky Tutor teaches each section, step by step. {ToolNames.BeginLesson} already includes it; use this to re-read it.")]
    public MethodResult GetMethod() => new(texts.Method);
}
