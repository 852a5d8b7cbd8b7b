namespace ReadingRoom.App.Tests.Invariants;

public sealed class ReadingRoomOnSqlite(SqliteConnector<Program> host) : SqliteInvariants<Program, ReadingRoomProfile>(host);

public sealed class ReadingRoomOnPostgres(PostgresConnector<Program> host) : PostgresInvariants<Program, ReadingRoomProfile>(host);
