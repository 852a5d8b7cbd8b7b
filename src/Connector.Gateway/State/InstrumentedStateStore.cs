using System.Diagnostics;
using System.Text.Json.Nodes;
using Connector.Gateway.Telemetry;

namespace Connector.Gateway.State;

/// <summary>
/// The store as the gateway uses it: each operation a span and a duration, by operation and outcome, so an
/// operator sees how slow the store is and how often it fails. With no telemetry exported this is one check
/// per call. Nothing about the user or their state is recorded.
/// </summary>
internal sealed class InstrumentedStateStore(IStateStore inner, string system, TimeProvider time) : IStateStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) => Observed
        ? MeasureAsync("initialize", async () => { await inner.InitializeAsync(cancellationToken); return true; })
        : inner.InitializeAsync(cancellationToken);

    public Task EnsureUserAsync(string userId, string? email, CancellationToken cancellationToken) => Observed
        ? MeasureAsync("ensure_user", async () => { await inner.EnsureUserAsync(userId, email, cancellationToken); return true; })
        : inner.EnsureUserAsync(userId, email, cancellationToken);

    public Task<JsonObject?> ReadStateAsync(string userId, CancellationToken cancellationToken) => Observed
        ? MeasureAsync("read_state", () => inner.ReadStateAsync(userId, cancellationToken))
        : inner.ReadStateAsync(userId, cancellationToken);

    public Task<JsonObject> UpdateStateAsync(string userId, Func<JsonObject, JsonObject> change, CancellationToken cancellationToken) => Observed
        ? MeasureAsync("update_state", () => inner.UpdateStateAsync(userId, change, cancellationToken))
        : inner.UpdateStateAsync(userId, change, cancellationToken);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Observed
        ? MeasureAsync("ping", () => inner.IsReachableAsync(cancellationToken))
        : inner.IsReachableAsync(cancellationToken);

    /// <summary>Whether anyone listens; when not, a call goes straight to the store, with no closure or state machine.</summary>
    private static bool Observed => GatewayTelemetry.StoreDuration.Enabled || GatewayTelemetry.Source.HasListeners();

    private async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> run)
    {
        using var span = GatewayTelemetry.Source.StartActivity("store " + operation, ActivityKind.Client);
        var started = time.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await run();
        }
        catch (StoreUnavailableException)
        {
            outcome = "unavailable";
            throw;
        }
        catch (Exception)
        {
            outcome = "failed";
            throw;
        }
        finally
        {
            span?.SetTag(GatewayTelemetry.StoreAttribute, system)
                .SetTag(GatewayTelemetry.OperationAttribute, operation)
                .SetTag(GatewayTelemetry.OutcomeAttribute, outcome)
                .SetStatus(outcome == "ok" ? ActivityStatusCode.Unset : ActivityStatusCode.Error);
            GatewayTelemetry.StoreDuration.Record(
                time.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(GatewayTelemetry.StoreAttribute, system),
                new KeyValuePair<string, object?>(GatewayTelemetry.OperationAttribute, operation),
                new KeyValuePair<string, object?>(GatewayTelemetry.OutcomeAttribute, outcome));
        }
    }
}
