using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Gateway.State;

/// <summary>
/// The production store. Each update locks the user's row (<c>SELECT … FOR UPDATE</c>) for its
/// read-modify-write, so saves from several chats or instances at once all land. Connections are pooled;
/// after a connection-level failure the pool is cleared, so the first call after the database comes back
/// opens fresh connections instead of tripping over dead ones.
/// </summary>
internal sealed partial class PostgresStateStore(IOptions<PostgresStoreOptions> options, ILogger<PostgresStateStore> logger)
    : IStateStore, IAsyncDisposable
{
    // Made on first use, not in the constructor: an app's services are built when the tools are mapped, before
    // the host validates DATABASE_URL, and a bad value must end start-up with that message, not a stack trace.
    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() => NpgsqlDataSource.Create(options.Value.ConnectionString));
    private readonly Lazy<TimeSpan> _operationTimeout = new(() => TimeSpan.FromSeconds(new NpgsqlConnectionStringBuilder(options.Value.ConnectionString).CommandTimeout));

    public Task InitializeAsync(CancellationToken cancellationToken) => Guard(async cancellationToken =>
    {
        await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, PostgresMigrations.AdvisoryLockKey);
        await Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        var applied = (int)(await Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken))!;
        for (var version = applied + 1; version <= PostgresMigrations.Steps.Count; version++)
        {
            await Execute(connection, transaction, PostgresMigrations.Steps[version - 1], cancellationToken);
            await Execute(connection, transaction, "INSERT INTO schema_migrations (version) VALUES ($1)", cancellationToken, version);
        }

        await transaction.CommitAsync(cancellationToken);
        LogReady(logger, connection.Host ?? "?", connection.Database);
        return true;
    }, cancellationToken);

    public Task EnsureUserAsync(string userId, string? email, CancellationToken cancellationToken) => Guard(async cancellationToken =>
    {
        await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null,
            """
            INSERT INTO users (id, email) VALUES ($1, $2)
            ON CONFLICT (id) DO UPDATE SET email = excluded.email
            WHERE excluded.email IS NOT NULL AND excluded.email IS DISTINCT FROM users.email
            """,
            cancellationToken, userId, (object?)email ?? DBNull.Value);
        return true;
    }, cancellationToken);

    public Task<JsonObject?> ReadStateAsync(string userId, CancellationToken cancellationToken) => Guard(async cancellationToken =>
    {
        await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
        var json = await Scalar(connection, null, "SELECT state::text FROM user_state WHERE user_id = $1", cancellationToken, userId);
        return json is string text ? StateDocument.Parse(text, logger) : null;
    }, cancellationToken);

    public Task<JsonObject> UpdateStateAsync(string userId, Func<JsonObject, JsonObject> change, CancellationToken cancellationToken) => Guard(async cancellationToken =>
    {
        await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, "INSERT INTO users (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", cancellationToken, userId);
        // Make sure the row exists before locking it: two first saves must queue on one row, not race to insert.
        await Execute(connection, transaction,
            "INSERT INTO user_state (user_id, state, version) VALUES ($1, '{}'::jsonb, 0) ON CONFLICT (user_id) DO NOTHING", cancellationToken, userId);
        var current = (string)(await Scalar(connection, transaction, "SELECT state::text FROM user_state WHERE user_id = $1 FOR UPDATE", cancellationToken, userId))!;
        var next = change(StateDocument.Parse(current, logger));
        await using (var update = new NpgsqlCommand("UPDATE user_state SET state = $2, version = version + 1, updated_at = now() WHERE user_id = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = userId });
            update.Parameters.Add(new NpgsqlParameter { Value = next.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return next;
    }, cancellationToken);

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Guard(async cancellationToken =>
            {
                await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
                await Scalar(connection, null, "SELECT 1 FROM schema_migrations LIMIT 1", cancellationToken);
                return true;
            }, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.IsValueCreated ? _dataSource.Value.DisposeAsync() : ValueTask.CompletedTask;

    private async Task<T> Guard<T>(Func<CancellationToken, Task<T>> work, CancellationToken caller)
    {
        // One deadline for the whole operation: a server that accepts connections but never answers (a
        // partition, a frozen host) must fail closed in bounded time, not after every driver timeout in turn.
        // The driver's own cancellation of a query on a frozen server can take several timeouts more, so the
        // caller stops waiting at the deadline; the abandoned attempt ends by itself and its connection is dropped.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(caller);
        deadline.CancelAfter(_operationTimeout.Value);
        try
        {
            return await work(deadline.Token).WaitAsync(_operationTimeout.Value, caller);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or IOException
            || (ex is OperationCanceledException && !caller.IsCancellationRequested))
        {
            if (ex is not PostgresException)
            {
                // The connection itself failed: drop pooled connections that may be dead too.
                _dataSource.Value.Clear();
            }

            LogUnavailable(logger, ex.GetType().Name, (ex as PostgresException)?.SqlState ?? "-");
            throw new StoreUnavailableException("The state store can't be reached or read.", ex);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "State store ready (PostgreSQL at {Host}, database {Database}).")]
    private static partial void LogReady(ILogger logger, string host, string database);

    [LoggerMessage(Level = LogLevel.Error, Message = "State store unavailable ({Error}, SQLSTATE {SqlState}); failing closed.")]
    private static partial void LogUnavailable(ILogger logger, string error, string sqlState);
}
