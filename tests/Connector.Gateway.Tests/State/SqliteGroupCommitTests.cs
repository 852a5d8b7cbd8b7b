using System.Diagnostics;
using System.Text.Json.Nodes;
using Connector.Gateway.State;
using Microsoft.Data.Sqlite;

namespace Connector.Gateway.Tests.State;

/// <summary>
/// The embedded store's group commit: queued writes share one transaction and one commit, yet each keeps
/// its own outcome, order and durability. Real SQLite files in a temp folder throughout.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connector-group-commit-tests-").FullName;
    private readonly List<SqliteStateStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "state.db");

    [Fact]
    public async Task UpdateStateAsync_ManyUsersAtOnce_AllLandInQueueOrder()
    {
        const int users = 8, saves = 100;
        var store = await InitializedStore();

        // Each user's saves are queued back to back without waiting, from its own thread, while the others do the same.
        await Task.WhenAll(Enumerable.Range(0, users).Select(u => Task.Run(() =>
            Task.WhenAll(Enumerable.Range(0, saves).Select(i => store.UpdateStateAsync($"reader-{u}", Append(i), CancellationToken.None))))));

        for (var u = 0; u < users; u++)
        {
            Assert.Equal(Enumerable.Range(0, saves), Items(await store.ReadStateAsync($"reader-{u}", CancellationToken.None)));
            Assert.Equal((long)saves, await ScalarAsync($"SELECT version FROM user_state WHERE user_id = 'reader-{u}'"));
        }
    }

    [Fact]
    public async Task UpdateStateAsync_OneChangeThrowsInABurst_FailsAloneAndTheRestCommit()
    {
        var store = await InitializedStore();
        await store.UpdateStateAsync("reader-c", Append(0), CancellationToken.None);
        await ExecuteAsync("UPDATE user_state SET state = '[1]' WHERE user_id = 'reader-c'");
        using var writer = await BlockedWriter.StartAsync(store);

        // All queued behind the blocked writer, so they go into one batch together.
        var first = store.UpdateStateAsync("reader-a", Append(1), CancellationToken.None);
        var refused = store.UpdateStateAsync("reader-a", _ => throw new InvalidDataException("refused"), CancellationToken.None);
        var unreadable = store.UpdateStateAsync("reader-c", Append(9), CancellationToken.None);
        var second = store.UpdateStateAsync("reader-a", Append(2), CancellationToken.None);
        var other = store.UpdateStateAsync("reader-b", Append(3), CancellationToken.None);
        var ensured = store.EnsureUserAsync("reader-d", "d@example.com", CancellationToken.None);
        writer.Release();

        await Assert.ThrowsAsync<InvalidDataException>(() => refused);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => unreadable);
        await Task.WhenAll(first, second, other, ensured, writer.Blocked);
        var a = await store.ReadStateAsync("reader-a", CancellationToken.None);
        var b = await store.ReadStateAsync("reader-b", CancellationToken.None);
        Assert.Equal<int>([1, 2], Items(a));
        Assert.Equal<int>([3], Items(b));
        Assert.Equal("[1]", await ScalarAsync("SELECT state FROM user_state WHERE user_id = 'reader-c'"));
        Assert.Equal("d@example.com", await ScalarAsync("SELECT email FROM users WHERE id = 'reader-d'"));
    }

    [Fact]
    public async Task UpdateStateAsync_Acknowledged_IsInTheFilesBeforeAnyShutdown()
    {
        var store = await InitializedStore();

        await store.UpdateStateAsync("reader-a", Append(1), CancellationToken.None);

        // Copy the files as they are now, with the store still running, as a crash would leave them.
        var crashed = Path.Combine(_directory, "crashed");
        Directory.CreateDirectory(crashed);
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (File.Exists(DatabasePath + suffix))
            {
                File.Copy(DatabasePath + suffix, Path.Combine(crashed, "state.db" + suffix));
            }
        }

        Assert.Equal("{\"items\":[1]}", await ScalarAsync("SELECT state FROM user_state WHERE user_id = 'reader-a'", Path.Combine(crashed, "state.db")));
    }

    [Fact]
    public async Task DisposeAsync_CommitsWhatIsQueued_ThenRefusesWrites()
    {
        var store = await InitializedStore();
        var saves = Enumerable.Range(0, 50).Select(i => store.UpdateStateAsync("reader-a", Append(i), CancellationToken.None)).ToArray();

        await store.DisposeAsync();

        await Task.WhenAll(saves);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateStateAsync("reader-a", Append(50), CancellationToken.None));
        var fresh = await InitializedStore();
        Assert.Equal(Enumerable.Range(0, 50), Items(await fresh.ReadStateAsync("reader-a", CancellationToken.None)));
    }

    [Fact]
    public async Task UpdateStateAsync_FileLockedThenGone_FailsClosedAndHealsWithoutRestart()
    {
        var store = await InitializedStore(TimeSpan.FromSeconds(1));
        await store.UpdateStateAsync("reader-a", Append(1), CancellationToken.None);

        // Another process holds the write lock past the timeout: the batch fails, and its connection is dropped.
        await using (var other = await RawConnectionAsync())
        {
            await using var command = other.CreateCommand();
            command.CommandText = "BEGIN IMMEDIATE";
            await command.ExecuteNonQueryAsync();

            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateStateAsync("reader-a", Append(2), CancellationToken.None));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            await Task.Delay(TimeSpan.FromSeconds(2)); // let the writer's own attempt give up too
        }

        // Now the file is gone (no pools cleared): a writer that kept its old connection would still "save",
        // into the moved-away file.
        MoveDatabase(DatabasePath, DatabasePath + ".aside");
        Directory.CreateDirectory(DatabasePath);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateStateAsync("reader-a", Append(3), CancellationToken.None));

        Directory.Delete(DatabasePath);
        MoveDatabase(DatabasePath + ".aside", DatabasePath);
        await store.UpdateStateAsync("reader-a", Append(4), CancellationToken.None);

        var items = Items(await store.ReadStateAsync("reader-a", CancellationToken.None));
        Assert.Equal<int>([1, 4], items);
    }

    [Fact]
    public async Task UpdateStateAsync_CancelledWhileQueued_IsNotApplied()
    {
        var store = await InitializedStore();
        using var writer = await BlockedWriter.StartAsync(store);
        using var cancellation = new CancellationTokenSource();
        var ran = false;

        var save = store.UpdateStateAsync("reader-b", s => { ran = true; return s; }, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save);
        writer.Release();
        await writer.Blocked;
        await store.UpdateStateAsync("reader-a", Append(1), CancellationToken.None); // queued after it: it was passed over by now
        Assert.False(ran);
        Assert.Null(await store.ReadStateAsync("reader-b", CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStateAsync_CancelledOnceTaken_RunsToCompletion()
    {
        var store = await InitializedStore();
        using var cancellation = new CancellationTokenSource();
        using var writer = await BlockedWriter.StartAsync(store, cancellation.Token);

        await cancellation.CancelAsync();
        writer.Release();

        var stored = await writer.Blocked;
        Assert.Equal<int>([0], Items(stored));
        var read = await store.ReadStateAsync(BlockedWriter.User, CancellationToken.None);
        Assert.Equal<int>([0], Items(read));
    }

    [Fact]
    public async Task UpdateStateAsync_WaitingLongerThanTheTimeout_FailsClosedAndIsNotApplied()
    {
        var store = await InitializedStore(TimeSpan.FromSeconds(1));
        using var writer = await BlockedWriter.StartAsync(store);
        var ran = false;

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateStateAsync("reader-b", s => { ran = true; return s; }, CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");

        writer.Release();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => writer.Blocked); // its caller gave up too
        await store.UpdateStateAsync("reader-a", Append(1), CancellationToken.None);
        Assert.False(ran);
        Assert.Null(await store.ReadStateAsync("reader-b", CancellationToken.None));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing; the OS temp cleaner will get it.
        }
    }

    private static Func<JsonObject, JsonObject> Append(int item) => current =>
    {
        var items = current["items"] as JsonArray ?? [];
        current["items"] = items;
        items.Add(item);
        return current;
    };

    private static int[] Items(JsonObject? state) => state!["items"]!.AsArray().Select(n => (int)n!).ToArray();

    private async Task<SqliteStateStore> InitializedStore(TimeSpan? timeout = null)
    {
        var store = SqliteHarness.Create(DatabasePath, timeout);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private async Task<SqliteConnection> RawConnectionAsync(string? path = null)
    {
        var connection = new SqliteConnection($"Data Source={path ?? DatabasePath};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private async Task<object?> ScalarAsync(string sql, string? path = null)
    {
        await using var connection = await RawConnectionAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await RawConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void MoveDatabase(string from, string to)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(from + suffix))
            {
                File.Move(from + suffix, to + suffix);
            }
        }
    }

    /// <summary>A save whose change waits for <see cref="Release"/>, holding the writer inside its batch meanwhile.</summary>
    private sealed class BlockedWriter : IDisposable
    {
        public const string User = "reader-gate";

        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private BlockedWriter()
        {
        }

        public Task<JsonObject> Blocked { get; private set; } = null!;

        public static async Task<BlockedWriter> StartAsync(SqliteStateStore store, CancellationToken cancellationToken = default)
        {
            var writer = new BlockedWriter();
            var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            writer.Blocked = store.UpdateStateAsync(User, current =>
            {
                entered.TrySetResult();
                Assert.True(writer._release.Task.Wait(TimeSpan.FromSeconds(30)), "never released");
                return Append(0)(current);
            }, cancellationToken);
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            return writer;
        }

        public void Release() => _release.TrySetResult();

        /// <summary>Never leave the writer blocked when a test fails early.</summary>
        public void Dispose() => Release();
    }
}
