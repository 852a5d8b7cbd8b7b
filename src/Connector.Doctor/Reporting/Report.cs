namespace Connector.Doctor.Reporting;

/// <summary>How one step went. Skip is a step that could not run (e.g. no token given); it never fails the run.</summary>
public enum Outcome
{
    Pass,
    Warn,
    Fail,
    Skip,
}

/// <summary>One request and what came back, already redacted: safe to print, log or attach to a CI run.</summary>
public sealed record Exchange(string Sent, string Got);

/// <summary>One step of the replay: a verdict, what was seen, and (unless it passed) the fix in one sentence.</summary>
public sealed record StepResult(string Id, string Title, Outcome Outcome, string Detail, string? Fix, IReadOnlyList<Exchange> Exchanges);

/// <summary>Everything the doctor found for one connector URL.</summary>
public sealed class Report(string target)
{
    private readonly List<StepResult> _steps = [];

    public string Target { get; } = target;

    public IReadOnlyList<StepResult> Steps => _steps;

    /// <summary>0 only when nothing failed: warnings and skips are for a person to read, not for CI to stop on.</summary>
    public int ExitCode => _steps.Any(s => s.Outcome == Outcome.Fail) ? 1 : 0;

    public StepResult? Find(string id) => _steps.FirstOrDefault(s => s.Id == id);

    public int Count(Outcome outcome) => _steps.Count(s => s.Outcome == outcome);

    internal void Add(StepResult step) => _steps.Add(step);
}
