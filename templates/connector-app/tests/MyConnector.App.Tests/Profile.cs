namespace MyConnector.App.Tests;

/// <summary>What the invariant test kit needs to know about this app: its front door and three of its calls.</summary>
public sealed class Profile : AppProfile
{
    public override string FrontDoor => "begin_session";

    public override ToolRequest DomainRead => ToolRequest.Of("domain_get_item", ("id", "welcome"));

    public override ToolRequest SaveMarker(string marker) => ToolRequest.Of("user_save_item", ("item_id", "welcome"), ("note", marker));

    public override ToolRequest ReadSaved => ToolRequest.Of("user_get_saved");

    public override (ToolRequest, string)? Search => (ToolRequest.Of("domain_search_items", ("query", "next steps")), "next-steps");
}
