namespace Connector.Gateway.State;

/// <summary>
/// Versioned schema steps, applied in order and recorded in <c>schema_migrations</c>. Append, never edit:
/// a database that ran step N must not see step N change under it.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE users (
            id         TEXT PRIMARY KEY,   -- the verified sign-in subject (sub)
            email      TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE user_state (
            user_id    TEXT PRIMARY KEY REFERENCES users(id),
            state      TEXT NOT NULL CHECK (json_valid(state)),
            version    INTEGER NOT NULL,   -- bumped on every write
            updated_at TEXT NOT NULL
        );
        """,
    ];
}
