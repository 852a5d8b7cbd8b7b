using System.ComponentModel;

namespace ReadingRoom.App.Catalog;

public sealed record Article(
    [property: Description("The article's id: pass it to domain_get_article or user_save_to_shelf.")] string Id,
    string Title,
    string Topic,
    [property: Description("The article's text.")] string Body);
