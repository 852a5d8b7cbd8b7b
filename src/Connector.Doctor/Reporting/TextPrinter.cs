namespace Connector.Doctor.Reporting;

/// <summary>For a person at a terminal: one verdict line per step, then what was sent and got, then the fix.</summary>
public static class TextPrinter
{
    private const string Indent = "        ";

    public static void Print(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"connector-doctor {report.Target}");
        output.WriteLine();
        foreach (var step in report.Steps)
        {
            output.WriteLine($"{Label(step.Outcome),-6}{step.Title}  [{step.Id}]");
            output.WriteLine($"{Indent}{step.Detail}");
            foreach (var exchange in step.Exchanges)
            {
                Block(output, "> ", exchange.Sent);
                Block(output, "< ", exchange.Got);
            }

            if (step.Fix is not null)
            {
                output.WriteLine($"{Indent}fix: {step.Fix}");
            }

            output.WriteLine();
        }

        output.WriteLine($"{report.Count(Outcome.Pass)} passed, {report.Count(Outcome.Warn)} warnings, {report.Count(Outcome.Fail)} failed, {report.Count(Outcome.Skip)} skipped: "
            + (report.ExitCode == 0 ? "a host can use this connector." : "a host would stop at the first FAIL above."));
    }

    private static string Label(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "PASS",
        Outcome.Warn => "WARN",
        Outcome.Fail => "FAIL",
        _ => "SKIP",
    };

    private static void Block(TextWriter output, string marker, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            output.WriteLine($"{Indent}{marker}{line.TrimEnd('\r')}");
        }
    }
}
