namespace Tutor.App.Tools;

/// <summary>
/// The Tutor's tool names: its front door, then its groups by prefix. Underscores, not dots: hosts accept only
/// <c>^[a-zA-Z0-9_-]{1,64}$</c>, and one bad name hides the whole connector.
/// </summary>
public static class ToolNames
{
    /// <summary>The front door (the skeleton's begin_session, by the Tutor's name for it).</summary>
    public const string BeginLesson = "begin_lesson";

    public const string DomainListSections = "domain_list_sections";
    public const string DomainGetSection = "domain_get_section";
    public const string DomainSearchSections = "domain_search_sections";
    public const string UserGetProgress = "user_get_progress";
    public const string UserSaveProgress = "user_save_progress";
    public const string UserResetProgress = "user_reset_progress";
    public const string ConfigGetMethod = "config_get_method";
}
