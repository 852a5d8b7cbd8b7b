using Connector.Doctor.Checks;
using Connector.Doctor.Reporting;

namespace Connector.Doctor;

/// <summary>The replay, in the order a host goes: transport, challenge, metadata, sign-in service, token, MCP, tools.</summary>
public static class Doctor
{
    /// <summary>Runs every step against <see cref="DoctorOptions.Url"/>, prints the report to <paramref name="output"/>, and returns it.</summary>
    public static async Task<Report> RunAsync(DoctorOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var report = new Report(options.Url);
        using var probe = new Probe(options.Timeout);
        var context = new CheckContext(options, probe, report);

        TransportSecurityCheck.Run(context);
        await ChallengeCheck.RunAsync(context);
        await ResourceMetadataCheck.RunAsync(context);
        await AuthorizationServerCheck.RunAsync(context);
        if (await TokenCheck.RunAsync(context) && await McpSessionCheck.RunAsync(context) is { } session)
        {
            await ToolsCheck.RunAsync(context, session);
        }

        if (options.Json)
        {
            JsonPrinter.Print(report, output);
        }
        else
        {
            TextPrinter.Print(report, output);
        }

        return report;
    }

    /// <summary>The command line: parses, runs, and returns the exit code (0 nothing failed, 1 a step failed, 2 usage).</summary>
    public static async Task<int> MainAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (options, problem) = DoctorOptions.Parse(args);
        if (options is null)
        {
            if (!string.IsNullOrEmpty(problem))
            {
                await error.WriteLineAsync(problem);
            }

            await error.WriteLineAsync(DoctorOptions.Usage);
            return problem == "" ? 0 : 2;
        }

        var report = await RunAsync(options, output);
        return report.ExitCode;
    }
}
