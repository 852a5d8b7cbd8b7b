namespace ReadingRoom.App.Tools.Results;

public sealed record ArticleSummary(string Id, string Title, string Topic);
