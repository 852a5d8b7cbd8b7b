using System.Text.Json;

namespace Connector.Doctor.Reporting;

/// <summary>For CI: the same report as one JSON document; field names are stable, outcomes are lower-case words.</summary>
public static class JsonPrinter
{
    public static void Print(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("target", report.Target);
            writer.WriteNumber("exitCode", report.ExitCode);
            writer.WriteStartObject("summary");
            foreach (var outcome in Enum.GetValues<Outcome>())
            {
                writer.WriteNumber(Name(outcome), report.Count(outcome));
            }

            writer.WriteEndObject();
            writer.WriteStartArray("steps");
            foreach (var step in report.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("id", step.Id);
                writer.WriteString("title", step.Title);
                writer.WriteString("outcome", Name(step.Outcome));
                writer.WriteString("detail", step.Detail);
                if (step.Fix is null)
                {
                    writer.WriteNull("fix");
                }
                else
                {
                    writer.WriteString("fix", step.Fix);
                }

                writer.WriteStartArray("exchanges");
                foreach (var exchange in step.Exchanges)
                {
                    writer.WriteStartObject();
                    writer.WriteString("sent", exchange.Sent);
                    writer.WriteString("got", exchange.Got);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static string Name(Outcome outcome) => outcome.ToString().ToLowerInvariant();
}
