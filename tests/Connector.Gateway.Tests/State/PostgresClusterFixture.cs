
namespace Connector.Gateway.Tests.State;

/// <summary>One throwaway PostgreSQL server for a test class, when this machine can start one.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public PostgresCluster? Cluster { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (PostgresCluster.UnavailableReason is null)
        {
            Cluster = await PostgresCluster.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
