using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connector.Gateway.State;

/// <summary>Readiness: not ready while the state store can't be reached.</summary>
internal sealed class StateStoreHealthCheck(IStateStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsReachableAsync(cancellationToken)
            ? HealthCheckResult.Healthy("state store reachable")
            : HealthCheckResult.Unhealthy("state store unreachable");
}
