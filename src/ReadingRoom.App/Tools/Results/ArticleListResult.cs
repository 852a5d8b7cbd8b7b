using System.ComponentModel;

namespace ReadingRoom.App.Tools.Results;

public sealed record ArticleListResult(
    IReadOnlyList<ArticleSummary> Articles,
    [property: Description("Every topic in the catalog, for filtering with `topic`.")] IReadOnlyList<string> Topics,
    string Reminder);
