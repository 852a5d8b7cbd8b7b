namespace Connector.Gateway.State;

/// <summary>The PostgreSQL store, used when DATABASE_URL is set.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>An Npgsql connection string, derived from DATABASE_URL.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Why DATABASE_URL could not be used, for the start-up message; null when fine.</summary>
    internal string? Problem { get; set; }
}
