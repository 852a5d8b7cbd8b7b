using System.Text.Json.Nodes;
using Connector.Gateway.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Tests.State;

/// <summary>What only the embedded store has: a file, a folder, a path that can break. The shared promises are in <see cref="StateStoreContractTests"/>.</summary>
public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connector-store-tests-").FullName;

    private string DatabasePath => Path.Combine(_directory, "state.db");

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

    private static SqliteStateStore Store(string path) => SqliteHarness.Create(path);

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
}
