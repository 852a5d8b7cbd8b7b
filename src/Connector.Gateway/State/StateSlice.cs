using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Connector.Gateway.Tools;

namespace Connector.Gateway.State;

/// <summary>
/// An app's typed part of each user's state document, kept under one key as <c>{"version": n, "data": …}</c>.
/// Reads never guess: a missing slice is <see cref="Empty"/>, but one that can't be read (wrong shape, written by a
/// newer version, no way to upgrade) fails closed and is left as it is. Updates are one atomic change of the store,
/// so two chats saving at once both land. When the shape changes, raise <c>version</c> and teach
/// <see cref="Upgrade"/> the step from the one before; old documents are upgraded as they are read.
/// </summary>
/// <param name="store">The state store (always keyed by a verified user).</param>
/// <param name="key">The slice's key in the state document, e.g. <c>"progress"</c>.</param>
/// <param name="version">The shape this code reads and writes, from 1.</param>
/// <param name="json">How <typeparamref name="T"/> is (de)serialised, e.g. from a source-generated context.</param>
public abstract class StateSlice<T>(IStateStore store, string key, int version, JsonTypeInfo<T> json)
    where T : class
{
    private const string VersionMember = "version";
    private const string DataMember = "data";

    /// <summary>What a user who never saved anything has.</summary>
    protected abstract T Empty { get; }

    public async Task<T> ReadAsync(VerifiedUser user, CancellationToken cancellationToken) =>
        Read(await store.ReadStateAsync(user.Id, cancellationToken));

    /// <summary>This slice of a whole state document (null: nothing saved yet), as the front door receives it.</summary>
    public T Read(JsonObject? state)
    {
        if (state is null || !state.TryGetPropertyValue(key, out var stored))
        {
            return Empty;
        }

        if (stored is null)
        {
            throw new StoreUnavailableException($"The saved {key} is null.");
        }

        var (storedVersion, data) = stored is JsonObject envelope && envelope[VersionMember] is JsonValue v && v.TryGetValue<int>(out var n)
            && envelope.ContainsKey(DataMember)
            ? (n, envelope[DataMember])
            : (0, stored);
        if (storedVersion > version)
        {
            throw new StoreUnavailableException($"The saved {key} was written by a newer version of the app ({storedVersion} > {version}).");
        }

        for (; storedVersion < version && data is not null; storedVersion++)
        {
            try
            {
                data = Upgrade(storedVersion, data.DeepClone());
            }
            catch (Exception ex) when (ex is not StoreUnavailableException)
            {
                throw new StoreUnavailableException($"The saved {key} could not be upgraded from shape version {storedVersion}.", ex);
            }
        }

        T? value;
        try
        {
            value = data is null ? null : data.Deserialize(json);
        }
        catch (JsonException ex)
        {
            throw new StoreUnavailableException($"The saved {key} could not be read.", ex);
        }

        return value is not null && IsWhole(value) ? value : throw new StoreUnavailableException($"The saved {key} is incomplete.");
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the user's current slice atomically and returns what was stored. The
    /// rest of the document is kept. The change may run more than once (a retried write); a refusal it throws
    /// writes nothing.
    /// </summary>
    public async Task<T> UpdateAsync(VerifiedUser user, Func<T, T> change, CancellationToken cancellationToken)
    {
        T? written = null;
        await store.UpdateStateAsync(user.Id, current =>
        {
            written = change(Read(current));
            var next = (JsonObject)current.DeepClone();
            next[key] = new JsonObject
            {
                [VersionMember] = version,
                [DataMember] = JsonSerializer.SerializeToNode(written, json),
            };
            return next;
        }, cancellationToken);
        return written!;
    }

    /// <summary>
    /// Turns data of <paramref name="fromVersion"/> into data of the next version. Version 0 is a slice stored
    /// before it had a version (the bare data under the key). The default knows no earlier shape, so such a
    /// document fails closed rather than being read as something it isn't.
    /// </summary>
    protected virtual JsonNode? Upgrade(int fromVersion, JsonNode data) =>
        throw new StoreUnavailableException($"The saved {key} has shape version {fromVersion}, which this app can't upgrade.");

    /// <summary>A last check of a value that deserialised (e.g. no entry without its id); false fails closed.</summary>
    protected virtual bool IsWhole(T value) => true;
}
