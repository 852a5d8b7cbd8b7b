using Tutor.App.Tools;

namespace Tutor.App.Tests;

/// <summary>The Tutor as the invariant test kit meets it.</summary>
public sealed class TutorProfile : AppProfile
{
    public override string FrontDoor => ToolNames.BeginLesson;

    public override ToolRequest DomainRead => ToolRequest.Of(ToolNames.DomainGetSection, ("section_id", "finding-north"));

    public override ToolRequest SaveMarker(string marker) => ToolRequest.Of(ToolNames.UserSaveProgress, ("section_id", "moon-phases"), ("note", marker));

    public override ToolRequest ReadSaved => ToolRequest.Of(ToolNames.UserGetProgress);

    public override (ToolRequest, string)? Search => (ToolRequest.Of(ToolNames.DomainSearchSections, ("query", "why the lunar disc waxes and wanes")), "moon-phases");
}
