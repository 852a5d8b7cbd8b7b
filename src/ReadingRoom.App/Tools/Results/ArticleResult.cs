using ReadingRoom.App.Catalog;

namespace ReadingRoom.App.Tools.Results;

public sealed record ArticleResult(Article Article, string Reminder);
