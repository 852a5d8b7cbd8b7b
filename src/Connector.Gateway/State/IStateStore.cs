using System.Text.Json.Nodes;

namespace Connector.Gateway.State;

/// <summary>
/// The two-table memory: <c>users</c> (who someone is) and <c>user_state</c> (one JSON document of what they
/// are up to). Every method is keyed by the verified <c>sub</c> the caller passes in; nothing here can be
/// pointed at a user by a tool argument. Any failure to reach or read the store is a
/// <see cref="StoreUnavailableException"/>: an unreadable state is never returned as an empty one.
/// </summary>
public interface IStateStore
{
    /// <summary>Creates or migrates the tables. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Adds the user on first sight; refreshes the email when the token carries a new one.</summary>
    Task EnsureUserAsync(string userId, string? email, CancellationToken cancellationToken);

    /// <summary>The user's saved state, or null when nothing has been saved yet.</summary>
    Task<JsonObject?> ReadStateAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current state atomically and returns what was stored, so
    /// two chats saving at once both land (no lost update). The change receives an empty object when
    /// nothing was saved before and may be called more than once if it must be retried.
    /// </summary>
    Task<JsonObject> UpdateStateAsync(string userId, Func<JsonObject, JsonObject> change, CancellationToken cancellationToken);

    /// <summary>True when a round trip to the store succeeds now.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
