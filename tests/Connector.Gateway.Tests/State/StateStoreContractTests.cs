using System.Text.Json.Nodes;
using Connector.Gateway.State;

namespace Connector.Gateway.Tests.State;

/// <summary>
/// What every state store promises, run against the embedded SQLite store and, where this machine can start
/// one, a real PostgreSQL server. (Where it can't, the PostgreSQL rows are absent and the [PostgresFact]
/// tests elsewhere say why they were skipped.)
/// </summary>
public sealed class StateStoreContractTests(PostgresClusterFixture postgres) : IClassFixture<PostgresClusterFixture>
{
    public static TheoryData<string> Kinds()
    {
        var kinds = new TheoryData<string> { "sqlite" };
        if (PostgresCluster.UnavailableReason is null)
        {
            kinds.Add("postgres");
        }

        return kinds;
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task InitializeAsync_Twice_IsIdempotent(string kind)
    {
        await using var harness = await HarnessAsync(kind);

        await harness.Store.InitializeAsync(CancellationToken.None);

        Assert.Equal(1L, Convert.ToInt64(await harness.ScalarAsync("SELECT COUNT(*) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await harness.Store.IsReachableAsync(CancellationToken.None));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task EnsureUserAsync_NewUser_IsAddedWithEmail(string kind)
    {
        await using var harness = await HarnessAsync(kind);

        await harness.Store.EnsureUserAsync("reader-a", "a@example.com", CancellationToken.None);

        Assert.Equal("a@example.com", await harness.ScalarAsync("SELECT email FROM users WHERE id = 'reader-a'"));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task EnsureUserAsync_NewEmail_ReplacesTheOld(string kind)
    {
        await using var harness = await HarnessAsync(kind);
        await harness.Store.EnsureUserAsync("reader-a", "old@example.com", CancellationToken.None);

        await harness.Store.EnsureUserAsync("reader-a", "new@example.com", CancellationToken.None);

        Assert.Equal("new@example.com", await harness.ScalarAsync("SELECT email FROM users WHERE id = 'reader-a'"));
        Assert.Equal(1L, await harness.ScalarAsync("SELECT COUNT(*) FROM users WHERE id = 'reader-a'"));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task EnsureUserAsync_NoEmail_KeepsTheKnownOne(string kind)
    {
        // A token without an email claim must not erase the one we have.
        await using var harness = await HarnessAsync(kind);
        await harness.Store.EnsureUserAsync("reader-a", "a@example.com", CancellationToken.None);

        await harness.Store.EnsureUserAsync("reader-a", null, CancellationToken.None);

        Assert.Equal("a@example.com", await harness.ScalarAsync("SELECT email FROM users WHERE id = 'reader-a'"));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task ReadStateAsync_NewUser_IsNull(string kind)
    {
        await using var harness = await HarnessAsync(kind);

        Assert.Null(await harness.Store.ReadStateAsync("reader-new", CancellationToken.None));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task UpdateStateAsync_ThenRead_ReturnsWhatWasStored(string kind)
    {
        await using var harness = await HarnessAsync(kind);

        var stored = await harness.Store.UpdateStateAsync("reader-a", current =>
        {
            Assert.Empty(current);
            current["shelf"] = new JsonArray("slow-reading");
            return current;
        }, CancellationToken.None);
        var read = await harness.Store.ReadStateAsync("reader-a", CancellationToken.None);

        Assert.NotNull(read);
        Assert.True(JsonNode.DeepEquals(stored, read));
        Assert.Equal("slow-reading", (string?)read["shelf"]![0]);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task UpdateStateAsync_EachWrite_BumpsTheVersion(string kind)
    {
        await using var harness = await HarnessAsync(kind);

        await harness.Store.UpdateStateAsync("reader-a", s => { s["n"] = 1; return s; }, CancellationToken.None);
        await harness.Store.UpdateStateAsync("reader-a", s => { s["n"] = 2; return s; }, CancellationToken.None);

        Assert.Equal(2L, await harness.ScalarAsync("SELECT version FROM user_state WHERE user_id = 'reader-a'"));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task UpdateStateAsync_ChangeThrows_StoresNothing(string kind)
    {
        await using var harness = await HarnessAsync(kind);
        await harness.Store.UpdateStateAsync("reader-a", s => { s["n"] = 1; return s; }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            harness.Store.UpdateStateAsync("reader-a", _ => throw new InvalidDataException("refused"), CancellationToken.None));

        var read = await harness.Store.ReadStateAsync("reader-a", CancellationToken.None);
        Assert.Equal(1, (int?)read!["n"]);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task UpdateStateAsync_TwoHundredConcurrentAppends_LoseNone(string kind)
    {
        // One reader saving from many chats at once: every save must be on the shelf afterwards.
        await using var harness = await HarnessAsync(kind);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            harness.Store.UpdateStateAsync("reader-a", current =>
            {
                var next = (JsonObject)current.DeepClone();
                var items = next["items"] as JsonArray ?? [];
                next["items"] = items;
                items.Add(i);
                return next;
            }, CancellationToken.None))));

        var read = await harness.Store.ReadStateAsync("reader-a", CancellationToken.None);
        var items = read!["items"]!.AsArray().Select(n => (int)n!).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 200), items);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task ReadStateAsync_StoredStateIsNotAnObject_ThrowsStoreUnavailable(string kind)
    {
        // An unreadable state must never come back as "nothing saved".
        await using var harness = await HarnessAsync(kind);
        await harness.Store.UpdateStateAsync("reader-a", s => s, CancellationToken.None);
        await harness.ExecuteAsync("UPDATE user_state SET state = '[1, 2]' WHERE user_id = 'reader-a'");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => harness.Store.ReadStateAsync("reader-a", CancellationToken.None));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task UpdateStateAsync_StoredStateIsNotAnObject_ThrowsAndKeepsIt(string kind)
    {
        await using var harness = await HarnessAsync(kind);
        await harness.Store.UpdateStateAsync("reader-a", s => s, CancellationToken.None);
        await harness.ExecuteAsync("UPDATE user_state SET state = '\"oops\"' WHERE user_id = 'reader-a'");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => harness.Store.UpdateStateAsync("reader-a", s => s, CancellationToken.None));

        Assert.Equal("\"oops\"", Convert.ToString(await harness.ScalarAsync("SELECT state FROM user_state WHERE user_id = 'reader-a'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<StoreHarness> HarnessAsync(string kind)
    {
        StoreHarness harness = kind == "postgres"
            ? new PostgresHarness(await postgres.Cluster!.CreateDatabaseAsync())
            : new SqliteHarness();
        await harness.Store.InitializeAsync(CancellationToken.None);
        return harness;
    }
}
