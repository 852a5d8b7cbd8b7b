namespace ReadingRoom.App.Tools;

/// <summary>
/// The Reading Room's tool names, grouped by prefix. Underscores, not dots: hosts accept only
/// <c>^[a-zA-Z0-9_-]{1,64}$</c>, and one bad name hides the whole connector.
/// </summary>
public static class ToolNames
{
    public const string DomainListArticles = "domain_list_articles";
    public const string DomainGetArticle = "domain_get_article";
    public const string DomainSearchArticles = "domain_search_articles";
    public const string UserGetShelf = "user_get_shelf";
    public const string UserSaveToShelf = "user_save_to_shelf";
    public const string UserRemoveFromShelf = "user_remove_from_shelf";
}
