using Connector.Gateway.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Gateway.Tests.State;

/// <summary>One initialized store of a given kind, plus raw SQL access to look behind it.</summary>
public abstract class StoreHarness : IAsyncDisposable
{
    public abstract IStateStore Store { get; }

    public abstract Task<object?> ScalarAsync(string sql);

    public abstract Task ExecuteAsync(string sql);

    public abstract ValueTask DisposeAsync();
}

internal sealed class SqliteHarness : StoreHarness
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connector-store-tests-").FullName;

    public SqliteHarness() => Store = Create(DatabasePath);

    public string DatabasePath => Path.Combine(_directory, "state.db");

    public override IStateStore Store { get; }

    public static SqliteStateStore Create(string path, TimeSpan? timeout = null)
    {
        var options = new SqliteStoreOptions { Path = path };
        options.Timeout = timeout ?? options.Timeout;
        return new(Options.Create(options), TimeProvider.System, NullLogger<SqliteStateStore>.Instance);
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing; the OS temp cleaner will get it.
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class PostgresHarness(string databaseUrl) : StoreHarness
{
    private readonly PostgresStateStore _store = new(
        Options.Create(new PostgresStoreOptions { ConnectionString = DatabaseUrl.ToConnectionString(databaseUrl) }),
        NullLogger<PostgresStateStore>.Instance);

    public override IStateStore Store => _store;

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseUrl.ToConnectionString(databaseUrl));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseUrl.ToConnectionString(databaseUrl));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync() => _store.DisposeAsync();
}
