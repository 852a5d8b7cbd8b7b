using System.Data;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Connector.Gateway.State;

/// <summary>
/// Group commit for the embedded store. Writes are queued and one loop runs whatever is waiting (up to
/// <see cref="MaxBatch"/>) in one immediate transaction on one connection, each write in its own savepoint,
/// and commits once. Writers in this process never race each other for SQLite's write lock (whose busy
/// waits were the latency tail), and a burst pays one fsync instead of one each. A caller hears "done" only
/// after the commit has returned, so nothing acknowledged is lost to a crash or a power cut.
/// </summary>
internal sealed partial class SqliteWriteQueue : IAsyncDisposable
{
    /// <summary>Enough to absorb a burst; small enough that one batch holds the write lock only briefly.</summary>
    private const int MaxBatch = 64;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public SqliteWriteQueue(string connectionString, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        _connectionString = connectionString;
        // FULL: in WAL mode every commit syncs the log, so a commit that returned survives a power cut. The busy
        // timeout only comes into play when another process (a second instance on this file) holds the write lock.
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={(long)timeout.TotalMilliseconds};");
        _timeout = timeout;
        _time = time;
        _logger = logger;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Runs <paramref name="write"/> inside the next batch and returns its result once the batch is committed.
    /// Cancelled before the writer takes it: skipped. Taken: it runs to completion whatever the token says.
    /// Not done within the store's timeout: <see cref="TimeoutException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var op = new PendingWrite<T>(write, cancellationToken);
        if (!_pending.Writer.TryWrite(op))
        {
            throw new StoreUnavailableException("The state store is shut down or its writer has failed.");
        }

        await using var registration = cancellationToken.Register(static state => ((PendingWrite)state!).Cancel(), op);
        try
        {
            // The token is not passed on: it only counts until the writer takes the op (see Cancel).
            return await op.Result.WaitAsync(_timeout, _time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Still queued: it will be skipped. Already in a batch: it may yet land, like a timed-out round trip
            // to a server; either way this caller was never told it was saved.
            op.TryAbandon();
            throw;
        }
    }

    /// <summary>Stops taking writes, commits what is already queued, then closes the file's idle connections.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var op))
                {
                    if (op.TryTake())
                    {
                        batch.Add(op);
                    }
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch);
                }
            }
        }
        catch (Exception ex)
        {
            // Only a bug gets here (a failing batch is handled in CommitAsync). Fail closed rather than hang:
            // refuse new writes and fail everything taken or still queued.
            LogWriterStopped(_logger, ex.GetType().Name);
            _pending.Writer.TryComplete(ex);
            var failure = new StoreUnavailableException("The state store's writer has failed.", ex);
            foreach (var op in batch)
            {
                op.Fail(failure);
            }

            while (_pending.Reader.TryRead(out var op))
            {
                op.Fail(failure);
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync();
            }

            await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            foreach (var op in batch)
            {
                // A write that fails on its own (its change throws, its state is unreadable) is undone alone and
                // its caller told why; the rest of the batch still commits. If the rollback itself fails, the
                // transaction is gone and the catch below fails the whole batch.
                transaction.Save("op");
                try
                {
                    await op.RunAsync(transaction);
                }
                catch (Exception ex)
                {
                    transaction.Rollback("op");
                    op.Fail(ex);
                }

                transaction.Release("op");
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            LogBatchFailed(_logger, batch.Count, ex.GetType().Name, (ex as SqliteException)?.SqliteErrorCode ?? 0);
            var failure = new StoreUnavailableException("The state store could not save.", ex);
            foreach (var op in batch)
            {
                op.Fail(failure);
            }

            // The connection may be broken (a vanished file, a full disk): keep it out of the pool, so the next
            // batch opens the file afresh and the store heals once the file is back.
            SqliteConnection.ClearPool(connection);
            return;
        }
        finally
        {
            // Back to the pool before anyone hears "saved": between batches the writer holds the file only as an
            // idle pooled connection, like a read connection, which clearing the pools closes.
            await connection.DisposeAsync();
        }

        foreach (var op in batch)
        {
            op.Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "State store could not save a batch of {Count} ({Error}, SQLite code {Code}); failing those writes closed.")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error, int code);

    [LoggerMessage(Level = LogLevel.Critical, Message = "State store writer stopped ({Error}); every write now fails closed.")]
    private static partial void LogWriterStopped(ILogger logger, string error);

    /// <summary>One queued write. Exactly one of the writer (take) and the caller (abandon) claims it.</summary>
    private abstract class PendingWrite
    {
        private const int Queued = 0, Taken = 1, Abandoned = 2;
        private int _state = Queued;

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

        public abstract void Cancel();

        public abstract Task RunAsync(SqliteTransaction transaction);

        /// <summary>Publishes the result; called only after the batch is committed.</summary>
        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) : PendingWrite
    {
        // Asynchronous continuations: the writer must not run callers' code (or wait for it) while completing them.
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public Task<T> Result => _result.Task;

        public override void Cancel()
        {
            if (TryAbandon())
            {
                _result.TrySetCanceled(cancellationToken);
            }
        }

        public override async Task RunAsync(SqliteTransaction transaction) => _value = await write(transaction);

        public override void Complete() => _result.TrySetResult(_value!);

        public override void Fail(Exception exception) => _result.TrySetException(exception);
    }
}
