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
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        MeasureAsync("initialize", () => inner.InitializeAsync(cancellationToken));

    public Task EnsureUserAsync(string userId, string? email, CancellationToken cancellationToken) =>
        MeasureAsync("ensure_user", () => inner.EnsureUserAsync(userId, email, cancellationToken));

    public Task<JsonObject?> ReadStateAsync(string userId, CancellationToken cancellationToken) =>
        MeasureAsync("read_state", () => inner.ReadStateAsync(userId, cancellationToken));

    public Task<JsonObject> UpdateStateAsync(string userId, Func<JsonObject, JsonObject> change, CancellationToken cancellationToken) =>
        MeasureAsync("update_state", () => inner.UpdateStateAsync(userId, change, cancellationToken));

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) =>
        MeasureAsync("ping", () => inner.IsReachableAsync(cancellationToken));

    private async Task MeasureAsync(string operation, Func<Task> run) =>
        await MeasureAsync(operation, async () =>
        {
            await run();
            return true;
        });

    private async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> run)
    {
        if (!GatewayTelemetry.StoreDuration.Enabled && !GatewayTelemetry.Source.HasListeners())
        {
            return await run();
        }

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
