using System.ComponentModel;
using Connector.Gateway.Tools;
using ModelContextProtocol.Server;
using ReadingRoom.App.Tools.Results;

namespace ReadingRoom.App.Tools;

/// <summary>config_*: how the Reading Room behaves. The same texts begin_session hands out, on request.</summary>
[McpServerToolType]
public sealed class ConfigTools(AppBriefing briefing)
{
    [McpServerTool(Name = ToolNames.ConfigGetRules, Title = "Get the librarian's rules", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the Reading Room's rules for helping a reader. begin_session already includes them; use this to re-read them.")]
    public RulesResult GetRules() => new(briefing.Rules);

    [McpServerTool(Name = ToolNames.ConfigGetPersona, Title = "Get the librarian's persona", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the librarian persona to speak in. begin_session already includes it; use this to re-read it.")]
    public PersonaResult GetPersona() => new(briefing.Persona);
}
