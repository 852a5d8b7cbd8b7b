using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tools;

/// <summary>
/// The config tools every app gets: its rules and persona, the same texts the front door hands out, on request.
/// Their descriptions are filled in with the app's name and front door when they are registered.
/// </summary>
[McpServerToolType]
internal sealed class AppTextTools(AppBriefing briefing)
{
    [McpServerTool(Name = GatewayToolNames.ConfigGetRules, Title = "Get the rules", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the app's rules for helping this user.")]
    public RulesResult GetRules() => new(briefing.Rules);

    [McpServerTool(Name = GatewayToolNames.ConfigGetPersona, Title = "Get the persona", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the persona to speak in.")]
    public PersonaResult GetPersona() => new(briefing.Persona);

    /// <summary>The descriptions hosts show, in the app's name, pointing at its front door.</summary>
    public static string? DescriptionFor(string toolName, AppBriefing briefing) => toolName switch
    {
        GatewayToolNames.ConfigGetRules => $"Returns {briefing.Name}'s rules for helping this user. {briefing.FrontDoor} already includes them; use this to re-read them.",
        GatewayToolNames.ConfigGetPersona => $"Returns the persona {briefing.Name} speaks in. {briefing.FrontDoor} already includes it; use this to re-read it.",
        _ => null,
    };
}
