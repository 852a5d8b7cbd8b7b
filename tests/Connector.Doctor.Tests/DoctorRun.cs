namespace Connector.Doctor.Tests;

/// <summary>The doctor in-process, as the command line would run it, with what it printed kept for the assertions.</summary>
internal static class DoctorRun
{
    /// <param name="log">Gets the printed report, so a test's result shows what the doctor said.</param>
    public static async Task<(Report Report, string Output)> RunAsync(DoctorOptions options, ITestOutputHelper? log = null)
    {
        using var output = new StringWriter();
        var report = await Doctor.RunAsync(options with { Timeout = TimeSpan.FromSeconds(10) }, output);
        log?.WriteLine(output.ToString());
        return (report, output.ToString());
    }

    /// <summary>The steps that didn't pass, as "outcome id: detail", for an assertion message that says what happened.</summary>
    public static string NotPassed(Report report) =>
        string.Join("\n", report.Steps.Where(s => s.Outcome != Outcome.Pass).Select(s => $"{s.Outcome} {s.Id}: {s.Detail}"));

    public static Outcome OutcomeOf(Report report, string id) =>
        (report.Find(id) ?? throw new Xunit.Sdk.XunitException($"No step {id} in:\n{string.Join("\n", report.Steps.Select(s => $"{s.Outcome} {s.Id}: {s.Detail}"))}")).Outcome;
}
