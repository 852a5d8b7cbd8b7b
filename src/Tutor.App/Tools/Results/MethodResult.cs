namespace Tutor.App.Tools.Results;

public sealed record MethodResult(string Method);
