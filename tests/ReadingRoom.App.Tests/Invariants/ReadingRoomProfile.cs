using ReadingRoom.App.Tools;

namespace ReadingRoom.App.Tests.Invariants;

/// <summary>The Reading Room as the invariant test kit meets it.</summary>
public sealed class ReadingRoomProfile : AppProfile
{
    public override ToolRequest DomainRead => ToolRequest.Of(ToolNames.DomainGetArticle, ("id", "slow-reading"));

    public override ToolRequest SaveMarker(string marker) => ToolRequest.Of(ToolNames.UserSaveToShelf, ("article_id", "night-trains"), ("note", marker));

    public override ToolRequest ReadSaved => ToolRequest.Of(ToolNames.UserGetShelf);

    public override (ToolRequest, string)? Search => (ToolRequest.Of(ToolNames.DomainSearchArticles, ("query", "overnight railway journeys through the continent")), "night-trains");
}
