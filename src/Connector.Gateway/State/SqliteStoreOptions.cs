namespace Connector.Gateway.State;

/// <summary>The embedded default store, used when DATABASE_URL is unset.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; created with its folder on first start.</summary>
    public string Path { get; set; } = "";

    /// <summary>How long a call waits on a lock or the disk before the store counts as unavailable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
