using Tutor.App.Progress;

namespace Tutor.App.Tools.Results;

public sealed record ProgressResult(ProgressView Progress, string Reminder);
