using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Connector.Gateway.State;
using Connector.Gateway.Tools;

namespace Connector.Gateway.Tests.State;

/// <summary>An app's typed slice of the state document, over a real SQLite store.</summary>
public sealed class StateSliceTests : IAsyncLifetime
{
    private readonly SqliteHarness _harness = new();
    private readonly VerifiedUser _user = new("user-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ReadAsync_NothingSaved_IsEmpty()
    {
        Assert.Empty((await Slice().ReadAsync(_user, default)).Words);
    }

    [Fact]
    public async Task UpdateAsync_StoresTheVersionedSlice_AndKeepsTheRestOfTheDocument()
    {
        await _harness.Store.UpdateStateAsync(_user.Id, s => new JsonObject { ["other"] = "kept" }, default);

        await Slice().UpdateAsync(_user, n => n with { Words = [.. n.Words, "alpha"] }, default);

        var stored = JsonNode.Parse((string)(await _harness.ScalarAsync($"SELECT state FROM user_state WHERE user_id = '{_user.Id}'"))!)!;
        Assert.Equal("kept", (string?)stored["other"]);
        Assert.Equal(2, (int)stored["notes"]!["version"]!);
        Assert.Equal("alpha", (string?)stored["notes"]!["data"]!["words"]![0]);
        Assert.Equal(["alpha"], (await Slice().ReadAsync(_user, default)).Words);
    }

    [Fact]
    public async Task UpdateAsync_ManyAtOnce_AllLand()
    {
        var slice = Slice();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => slice.UpdateAsync(_user, n => n with { Words = [.. n.Words, $"w{i}"] }, default)));

        Assert.Equal(40, (await slice.ReadAsync(_user, default)).Words.Count);
    }

    [Fact]
    public async Task ReadAsync_OlderShapes_AreUpgradedStepByStep()
    {
        // Version 0: the bare list under the key, as stored before the slice had versions; version 1: {"list": [...]}.
        await Plant("""{"notes": ["old"]}""");
        Assert.Equal(["old"], (await Slice().ReadAsync(_user, default)).Words);

        await Plant("""{"notes": {"version": 1, "data": {"list": ["one"]}}}""");
        Assert.Equal(["one"], (await Slice().ReadAsync(_user, default)).Words);
    }

    [Theory]
    [InlineData("""{"notes": {"version": 3, "data": {"words": []}}}""")]
    [InlineData("""{"notes": null}""")]
    [InlineData("""{"notes": {"version": 2, "data": {"words": "oops"}}}""")]
    [InlineData("""{"notes": {"version": 2, "data": {"words": [""]}}}""")]
    [InlineData("""{"notes": {"version": 1, "data": "not a list holder"}}""")]
    public async Task ReadAndUpdate_SliceItCantRead_FailClosed_AndLeaveItAsItWas(string state)
    {
        await Plant(state);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => Slice().ReadAsync(_user, default));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => Slice().UpdateAsync(_user, n => n, default));

        Assert.Equal(state, await _harness.ScalarAsync($"SELECT state FROM user_state WHERE user_id = '{_user.Id}'"));
    }

    [Fact]
    public async Task SliceWithoutUpgrades_UnversionedData_FailsClosed()
    {
        await Plant("""{"notes": ["old"]}""");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => new FreshNotes(_harness.Store).ReadAsync(_user, default));
    }

    public ValueTask InitializeAsync() => new(_harness.Store.InitializeAsync(default));

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private Notes Slice() => new(_harness.Store);

    private async Task Plant(string state)
    {
        await _harness.Store.EnsureUserAsync(_user.Id, null, default);
        await _harness.ExecuteAsync($"INSERT INTO user_state (user_id, state, version, updated_at) VALUES ('{_user.Id}', '{state}', 1, '2026-01-01T00:00:00Z') "
            + $"ON CONFLICT (user_id) DO UPDATE SET state = excluded.state");
    }

    public sealed record NoteBook(IReadOnlyList<string> Words);

    /// <summary>Version 2 of a small slice: version 1 called the list "list", version 0 was the bare list.</summary>
    private sealed class Notes(IStateStore store) : StateSlice<NoteBook>(store, "notes", version: 2, NotesJson.Default.NoteBook)
    {
        protected override NoteBook Empty => new([]);

        protected override JsonNode? Upgrade(int fromVersion, JsonNode data) => fromVersion switch
        {
            0 => new JsonObject { ["list"] = data },
            1 => new JsonObject { ["words"] = data["list"]!.DeepClone() },
            _ => base.Upgrade(fromVersion, data),
        };

        protected override bool IsWhole(NoteBook value) => value.Words.All(w => w.Length > 0);
    }

    private sealed class FreshNotes(IStateStore store) : StateSlice<NoteBook>(store, "notes", version: 1, NotesJson.Default.NoteBook)
    {
        protected override NoteBook Empty => new([]);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StateSliceTests.NoteBook))]
internal sealed partial class NotesJson : JsonSerializerContext;
