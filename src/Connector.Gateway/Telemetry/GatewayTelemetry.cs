using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Connector.Gateway.Telemetry;

/// <summary>
/// Every span and instrument the gateway reports, by name, in one place. They are exported over OTLP only when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (<see cref="TelemetryServiceCollectionExtensions"/>); otherwise no listener
/// exists, no span is ever started and no measurement is recorded, so the cost is a check per call. Attributes
/// never carry a token, a session, a secret, an email or a raw <c>sub</c>: a user is a salted hash at most.
/// </summary>
public static class GatewayTelemetry
{
    /// <summary>The name of the gateway's ActivitySource and Meter.</summary>
    public const string Name = "Connector.Gateway";

    public const string ToolAttribute = "gen_ai.tool.name";
    public const string OutcomeAttribute = "connector.outcome";
    public const string UserHashAttribute = "connector.user.hash";
    public const string CauseAttribute = "connector.cause";
    public const string OperationAttribute = "db.operation.name";
    public const string StoreAttribute = "db.system.name";
    public const string CacheResultAttribute = "connector.cache.result";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary>Tool calls by tool and outcome (ok, error, refused, store-unavailable, bad-arguments, failed).</summary>
    internal static readonly Counter<long> ToolCalls =
        Meter.CreateCounter<long>("connector.tool.calls", "{call}", "Tool calls, by tool and outcome.");

    internal static readonly Histogram<double> ToolDuration =
        Meter.CreateHistogram<double>("connector.tool.duration", "s", "How long a tool call took, by tool and outcome.");

    /// <summary>Every refusal that told the AI the session can't go on, by cause (session-expired, store-unavailable, keys-unavailable, ...).</summary>
    internal static readonly Counter<long> FailClosed =
        Meter.CreateCounter<long>("connector.fail_closed", "{refusal}", "Fail-closed refusals, by cause.");

    internal static readonly Histogram<double> StoreDuration =
        Meter.CreateHistogram<double>("connector.store.duration", "s", "State store operations, by operation and outcome.");

    internal static readonly Counter<long> TokenCacheLookups =
        Meter.CreateCounter<long>("connector.token_cache.lookups", "{lookup}", "Verified-token cache lookups, by result (hit or miss).");

    internal static void CountFailClosed(string cause) =>
        FailClosed.Add(1, new KeyValuePair<string, object?>(CauseAttribute, cause));
}
