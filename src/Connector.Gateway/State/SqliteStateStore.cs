using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.State;

/// <summary>
/// The embedded store. Reads use pooled connections and, in WAL mode, run beside the writer. Writes go
/// through one <see cref="SqliteWriteQueue"/>: queued writes are applied in order in one immediate
/// (write-locked) transaction on one connection, so a read-modify-write can't interleave with another and
/// lose it, and a burst of saves shares one commit. A write is acknowledged only after its commit has
/// returned with <c>synchronous=FULL</c>, so a process crash or a power cut loses nothing acknowledged, only
/// writes whose callers were never told "saved" (still queued, or in the batch being committed). A caller
/// that timed out while its write was already in a batch is told "unavailable", yet that write may still land.
/// </summary>
internal sealed partial class SqliteStateStore(IOptions<SqliteStoreOptions> options, TimeProvider time, ILogger<SqliteStateStore> logger)
    : IStateStore, IAsyncDisposable
{
    private readonly string _connectionString = ConnectionString(options.Value);

    // Borrows a connection from the read connections' pool for each batch and gives it back before acknowledging.
    private readonly SqliteWriteQueue _writes = new(ConnectionString(options.Value), options.Value.Timeout, time, logger);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.Path;
        await Guard(async () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var create = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
            await using var connection = new SqliteConnection(create);
            await connection.OpenAsync(cancellationToken);
            await Execute(connection, null, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);", cancellationToken);

            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var applied = Convert.ToInt32(await Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken), CultureInfo.InvariantCulture);
            for (var version = applied + 1; version <= SqliteMigrations.Steps.Count; version++)
            {
                await Execute(connection, transaction, SqliteMigrations.Steps[version - 1], cancellationToken);
                await Execute(connection, transaction, "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $at)", cancellationToken,
                    ("$v", version), ("$at", Now()));
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        });
        LogReady(logger, path);
    }

    public Task EnsureUserAsync(string userId, string? email, CancellationToken cancellationToken) => Guard(() => _writes.RunAsync(async transaction =>
    {
        await Execute(transaction.Connection!, transaction,
            """
            INSERT INTO users (id, email, created_at) VALUES ($id, $email, $at)
            ON CONFLICT (id) DO UPDATE SET email = COALESCE(excluded.email, users.email)
            WHERE excluded.email IS NOT NULL AND excluded.email IS NOT users.email
            """,
            CancellationToken.None, ("$id", userId), ("$email", email), ("$at", Now()));
        return true;
    }, cancellationToken));

    public Task<JsonObject?> ReadStateAsync(string userId, CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        var json = await Scalar(connection, null, "SELECT state FROM user_state WHERE user_id = $id", cancellationToken, ("$id", userId));
        return json is string text ? StateDocument.Parse(text, logger) : null;
    });

    // Inside the batch's transaction: the read sees every earlier write of the batch, so saves for one user
    // apply in queue order and none is lost. Once taken into a batch a write runs to completion, hence no token.
    public Task<JsonObject> UpdateStateAsync(string userId, Func<JsonObject, JsonObject> change, CancellationToken cancellationToken) => Guard(() => _writes.RunAsync(async transaction =>
    {
        var connection = transaction.Connection!;
        await Execute(connection, transaction, "INSERT INTO users (id, created_at) VALUES ($id, $at) ON CONFLICT (id) DO NOTHING", CancellationToken.None,
            ("$id", userId), ("$at", Now()));
        var current = await Scalar(connection, transaction, "SELECT state FROM user_state WHERE user_id = $id", CancellationToken.None, ("$id", userId));
        var next = change(current is string text ? StateDocument.Parse(text, logger) : []);
        await Execute(connection, transaction,
            """
            INSERT INTO user_state (user_id, state, version, updated_at) VALUES ($id, $state, 1, $at)
            ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, version = user_state.version + 1, updated_at = excluded.updated_at
            """,
            CancellationToken.None, ("$id", userId), ("$state", next.ToJsonString()), ("$at", Now()));
        return next;
    }, cancellationToken));

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Guard(async () =>
            {
                await using var connection = await OpenAsync(cancellationToken);
                await Scalar(connection, null, "SELECT COUNT(*) FROM schema_migrations", cancellationToken);
                return true;
            });
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Commits what is queued and closes the file's idle connections; the host calls this on shutdown.</summary>
    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    private static string ConnectionString(SqliteStoreOptions options) => new SqliteConnectionStringBuilder
    {
        DataSource = options.Path,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = true,
        DefaultTimeout = (int)Math.Ceiling(options.Timeout.TotalSeconds),
        ForeignKeys = true,
    }.ToString();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<T> Guard<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        // TimeoutException: a write not done within the store's timeout (SqliteWriteQueue.RunAsync).
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
        {
            LogUnavailable(logger, ex.GetType().Name, (ex as SqliteException)?.SqliteErrorCode ?? 0);
            throw new StoreUnavailableException("The state store can't be reached or read.", ex);
        }
    }

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static async Task Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "State store ready (SQLite at {Path}).")]
    private static partial void LogReady(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "State store unavailable ({Error}, SQLite code {Code}); failing closed.")]
    private static partial void LogUnavailable(ILogger logger, string error, int code);
}
