namespace Connector.Gateway.State;

/// <summary>Versioned schema steps for PostgreSQL, in order. Append, never edit.</summary>
internal static class PostgresMigrations
{
    /// <summary>Held (per transaction) while migrating, so instances starting together migrate once.</summary>
    public const long AdvisoryLockKey = 0x436f6e6e6563746f; // "Connecto"

    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE users (
            id         text PRIMARY KEY,              -- the verified sign-in subject (sub)
            email      text,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE user_state (
            user_id    text PRIMARY KEY REFERENCES users(id),
            state      jsonb NOT NULL,
            version    bigint NOT NULL,               -- bumped on every write
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        """,
    ];
}
