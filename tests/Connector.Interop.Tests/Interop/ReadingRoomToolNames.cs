using Connector.Gateway.Tools;
using ReadingRoom.App.Tools;

namespace Connector.Interop.Tests.Interop;

/// <summary>Every tool the gateway lists, named by the server's own constants so a client's tools/list is compared to the source.</summary>
internal static class ReadingRoomToolNames
{
    public static readonly IReadOnlyList<string> All =
    [
        GatewayToolNames.Health,
        GatewayToolNames.BeginSession,
        ToolNames.DomainListArticles,
        ToolNames.DomainGetArticle,
        ToolNames.UserGetShelf,
        ToolNames.UserSaveToShelf,
        ToolNames.UserRemoveFromShelf,
        GatewayToolNames.ConfigGetRules,
        GatewayToolNames.ConfigGetPersona,
    ];
}
