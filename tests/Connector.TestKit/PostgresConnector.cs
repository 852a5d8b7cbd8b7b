using Npgsql;

namespace Connector.TestKit;

/// <summary>The app on a real PostgreSQL server the checks own (<c>DATABASE_URL</c> set), started for the class.</summary>
public sealed class PostgresConnector<TEntryPoint> : ConnectorHost<TEntryPoint>
    where TEntryPoint : class
{
    private PostgresCluster? _cluster;
    private string? _databaseUrl;

    public override string StoreKind => "postgresql";

    public override string? UnavailableReason => PostgresCluster.UnavailableReason;

    public override async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        var url = new Uri(_databaseUrl!);
        await using var connection = new NpgsqlConnection($"Host={url.Host};Port={url.Port};Username=postgres;Database={url.AbsolutePath.TrimStart('/')};Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync();
    }

    public override async Task<BreakableConnector<TEntryPoint>> StartBreakableAsync()
    {
        // A server of its own: stopping it is the outage, and the class's shared server stays up.
        var cluster = await PostgresCluster.StartAsync();
        var gateway = new GatewayServer<TEntryPoint>(Auth, Settings(await cluster.CreateDatabaseAsync()));
        return new BreakableConnector<TEntryPoint>(gateway, cluster.StopServerAsync, cluster.DisposeAsync);
    }

    protected override async Task<GatewayServer<TEntryPoint>> StartGatewayAsync(DevAuthServer auth)
    {
        _cluster = await PostgresCluster.StartAsync();
        _databaseUrl = await _cluster.CreateDatabaseAsync();
        return new GatewayServer<TEntryPoint>(auth, Settings(_databaseUrl));
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings(string databaseUrl) => new() { ["DATABASE_URL"] = databaseUrl };
}
