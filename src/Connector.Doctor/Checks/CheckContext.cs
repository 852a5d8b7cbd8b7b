using System.Text.Json;
using Connector.Doctor.Reporting;

namespace Connector.Doctor.Checks;

/// <summary>
/// What the steps share, in the order a host learns it: the challenge names the resource metadata, that names the
/// sign-in service, that describes how to get a token, and the token opens /mcp. A later step reads what an
/// earlier one found and skips, saying why, when it isn't there.
/// </summary>
internal sealed class CheckContext(DoctorOptions options, Probe probe, Report report)
{
    public DoctorOptions Options { get; } = options;

    public Probe Probe { get; } = probe;

    public Report Report { get; } = report;

    public Uri Url { get; } = new(options.Url);

    /// <summary>The resource_metadata URL from the 401 challenge, when there was one.</summary>
    public string? ChallengeMetadataUrl { get; set; }

    /// <summary>The Protected Resource Metadata document a host would use.</summary>
    public JsonElement? ResourceMetadata { get; set; }

    /// <summary>The first authorization server the metadata names.</summary>
    public string? Issuer { get; set; }

    public JsonElement? AuthorizationServerMetadata { get; set; }

    public string? Token { get; set; }

    public void Pass(string id, string title, string detail) => Add(id, title, Outcome.Pass, detail, null);

    public void Warn(string id, string title, string detail, string fix) => Add(id, title, Outcome.Warn, detail, fix);

    public void Fail(string id, string title, string detail, string fix) => Add(id, title, Outcome.Fail, detail, fix);

    public void Skip(string id, string title, string detail) => Add(id, title, Outcome.Skip, detail, null);

    private void Add(string id, string title, Outcome outcome, string detail, string? fix) =>
        Report.Add(new StepResult(id, title, outcome, Redactor.Redact(detail, Probe.Secret), fix, Probe.TakePending()));

    /// <summary>True when the URL points at this machine: plain http and any port are fine there for testing.</summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (System.Net.IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    public static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static IReadOnlyList<string> Strings(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];

    public static bool? Flag(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}
