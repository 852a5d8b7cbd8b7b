using Microsoft.Data.Sqlite;

namespace Connector.TestKit;

/// <summary>The app on its embedded SQLite store (what <c>./run</c> uses).</summary>
public sealed class SqliteConnector<TEntryPoint> : ConnectorHost<TEntryPoint>
    where TEntryPoint : class
{
    public override string StoreKind => "sqlite";

    public override async Task<object?> ScalarAsync(string sql, params object[] parameters) =>
        await StateDatabase.ScalarAsync(Gateway.DatabasePath, sql, [.. parameters.Select((value, i) => ($"${i + 1}", value))]);

    public override Task<BreakableConnector<TEntryPoint>> StartBreakableAsync()
    {
        var gateway = new GatewayServer<TEntryPoint>(Auth);
        return Task.FromResult(new BreakableConnector<TEntryPoint>(gateway, () => Break(gateway.DatabasePath), () => ValueTask.CompletedTask));
    }

    protected override Task<GatewayServer<TEntryPoint>> StartGatewayAsync(DevAuthServer auth) => Task.FromResult(new GatewayServer<TEntryPoint>(auth));

    /// <summary>
    /// Pooled connections would keep the deleted file alive; once they are gone, a directory at the database path
    /// makes every new open fail, as a lost disk or volume would.
    /// </summary>
    private static Task Break(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(path);
        return Task.CompletedTask;
    }
}
