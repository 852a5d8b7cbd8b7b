namespace ReadingRoom.App.Tools.Results;

public sealed record RulesResult(string Rules);
