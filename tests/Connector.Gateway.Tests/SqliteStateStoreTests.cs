using System.Text.Json.Nodes;
using Connector.Gateway.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Tests;

public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connector-store-tests-").FullName;

    private string DatabasePath => Path.Combine(_directory, "state.db");

    [Fact]
    public async Task InitializeAsync_Twice_IsIdempotent()
    {
        var store = Store(DatabasePath);

        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM schema_migrations"));
        Assert.True(await store.IsReachableAsync(CancellationToken.None));
    }

    [Fact]
    public async Task InitializeAsync_MissingFolder_IsCreated()
    {
        var store = Store(Path.Combine(_directory, "nested", "deeper", "state.db"));

        await store.InitializeAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_directory, "nested", "deeper", "state.db")));
    }

    [Fact]
    public async Task InitializeAsync_ParentIsARegularFile_ThrowsStoreUnavailable()
    {
        var file = Path.Combine(_directory, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var store = Store(Path.Combine(file, "state.db"));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EnsureUserAsync_NewUser_IsAddedWithEmail()
    {
        var store = await InitializedStore();

        await store.EnsureUserAsync("reader-a", "a@example.com", CancellationToken.None);

        Assert.Equal("a@example.com", await ScalarAsync("SELECT email FROM users WHERE id = 'reader-a'"));
    }

    [Fact]
    public async Task EnsureUserAsync_NewEmail_ReplacesTheOld()
    {
        var store = await InitializedStore();
        await store.EnsureUserAsync("reader-a", "old@example.com", CancellationToken.None);

        await store.EnsureUserAsync("reader-a", "new@example.com", CancellationToken.None);

        Assert.Equal("new@example.com", await ScalarAsync("SELECT email FROM users WHERE id = 'reader-a'"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM users WHERE id = 'reader-a'"));
    }

    [Fact]
    public async Task EnsureUserAsync_NoEmail_KeepsTheKnownOne()
    {
        // A token without an email claim must not erase the one we have.
        var store = await InitializedStore();
        await store.EnsureUserAsync("reader-a", "a@example.com", CancellationToken.None);

        await store.EnsureUserAsync("reader-a", null, CancellationToken.None);

        Assert.Equal("a@example.com", await ScalarAsync("SELECT email FROM users WHERE id = 'reader-a'"));
    }

    [Fact]
    public async Task ReadStateAsync_NewUser_IsNull()
    {
        var store = await InitializedStore();

        Assert.Null(await store.ReadStateAsync("reader-new", CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStateAsync_ThenRead_ReturnsWhatWasStored()
    {
        var store = await InitializedStore();

        var stored = await store.UpdateStateAsync("reader-a", current =>
        {
            Assert.Empty(current);
            current["shelf"] = new JsonArray("slow-reading");
            return current;
        }, CancellationToken.None);
        var read = await store.ReadStateAsync("reader-a", CancellationToken.None);

        Assert.NotNull(read);
        Assert.True(JsonNode.DeepEquals(stored, read));
        Assert.Equal("slow-reading", (string?)read["shelf"]![0]);
    }

    [Fact]
    public async Task UpdateStateAsync_EachWrite_BumpsTheVersion()
    {
        var store = await InitializedStore();

        await store.UpdateStateAsync("reader-a", s => { s["n"] = 1; return s; }, CancellationToken.None);
        await store.UpdateStateAsync("reader-a", s => { s["n"] = 2; return s; }, CancellationToken.None);

        Assert.Equal(2L, await ScalarAsync("SELECT version FROM user_state WHERE user_id = 'reader-a'"));
    }

    [Fact]
    public async Task UpdateStateAsync_ChangeThrows_StoresNothing()
    {
        var store = await InitializedStore();
        await store.UpdateStateAsync("reader-a", s => { s["n"] = 1; return s; }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            store.UpdateStateAsync("reader-a", _ => throw new InvalidDataException("refused"), CancellationToken.None));

        var read = await store.ReadStateAsync("reader-a", CancellationToken.None);
        Assert.Equal(1, (int?)read!["n"]);
    }

    [Fact]
    public async Task UpdateStateAsync_HundredConcurrentAppends_LoseNone()
    {
        var store = await InitializedStore();

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            store.UpdateStateAsync("reader-a", current =>
            {
                var next = (JsonObject)current.DeepClone();
                var items = next["items"] as JsonArray ?? [];
                next["items"] = items;
                items.Add(i);
                return next;
            }, CancellationToken.None))));

        var read = await store.ReadStateAsync("reader-a", CancellationToken.None);
        var items = read!["items"]!.AsArray().Select(n => (int)n!).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 100), items);
    }

    [Fact]
    public async Task ReadStateAsync_StoredStateIsNotAnObject_ThrowsStoreUnavailable()
    {
        // An unreadable state must never come back as "nothing saved".
        var store = await InitializedStore();
        await store.UpdateStateAsync("reader-a", s => s, CancellationToken.None);
        await ExecuteAsync("UPDATE user_state SET state = '[1, 2]' WHERE user_id = 'reader-a'");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadStateAsync("reader-a", CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStateAsync_StoredStateIsNotAnObject_ThrowsAndKeepsIt()
    {
        var store = await InitializedStore();
        await store.UpdateStateAsync("reader-a", s => s, CancellationToken.None);
        await ExecuteAsync("UPDATE user_state SET state = '\"oops\"' WHERE user_id = 'reader-a'");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateStateAsync("reader-a", s => s, CancellationToken.None));

        Assert.Equal("\"oops\"", await ScalarAsync("SELECT state FROM user_state WHERE user_id = 'reader-a'"));
    }

    [Fact]
    public async Task IsReachableAsync_DatabasePathBecomesADirectory_IsFalse()
    {
        var store = await InitializedStore();
        Assert.True(await store.IsReachableAsync(CancellationToken.None));

        BreakDatabase(DatabasePath);

        Assert.False(await store.IsReachableAsync(CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadStateAsync("reader-a", CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateStateAsync("reader-a", s => s, CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.EnsureUserAsync("reader-a", null, CancellationToken.None));
    }

    public void Dispose()
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
    }

    private static SqliteStateStore Store(string path) =>
        new(Options.Create(new SqliteStoreOptions { Path = path }), TimeProvider.System, NullLogger<SqliteStateStore>.Instance);

    private async Task<IStateStore> InitializedStore()
    {
        var store = Store(DatabasePath);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Pooled connections would keep the deleted file alive; a directory at the path makes every open fail.</summary>
    private static void BreakDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(path);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
