using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Telemetry;

/// <summary>
/// The standard OpenTelemetry variables the gateway acts on. The exporter reads them itself; they are checked
/// here so that a mistyped endpoint or protocol stops start-up, naming it, instead of losing every span quietly.
/// </summary>
public sealed class OtlpSettings : IHaveSettingProblems
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string MetricsEndpoint = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    public const string Protocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceName = "OTEL_SERVICE_NAME";

    private static readonly string[] s_endpoints = [Endpoint, TracesEndpoint, MetricsEndpoint];
    private static readonly string[] s_protocols = ["grpc", "http/protobuf"];

    List<string> IHaveSettingProblems.Problems { get; } = [];

    /// <summary>True when any OTLP endpoint is set: only then is anything collected or exported.</summary>
    internal static bool IsExporting(IConfiguration configuration) =>
        s_endpoints.Any(key => configuration.Text(key) is not null);

    internal sealed class Setup(IConfiguration configuration) : IConfigureOptions<OtlpSettings>
    {
        public void Configure(OtlpSettings options)
        {
            var problems = ((IHaveSettingProblems)options).Problems;
            foreach (var key in s_endpoints)
            {
                if (configuration.Text(key) is { } value
                    && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
                {
                    problems.Add($"{key} must be an absolute http(s) URL of an OTLP receiver, e.g. http://localhost:4318, not '{value}'.");
                }
            }

            if (configuration.Text(Protocol) is { } protocol && !s_protocols.Contains(protocol, StringComparer.Ordinal))
            {
                problems.Add($"{Protocol} must be grpc or http/protobuf, not '{protocol}'.");
            }
        }
    }
}
