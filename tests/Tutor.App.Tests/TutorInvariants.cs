namespace Tutor.App.Tests;

public sealed class TutorOnSqlite(SqliteConnector<Program> host) : SqliteInvariants<Program, TutorProfile>(host);

public sealed class TutorOnPostgres(PostgresConnector<Program> host) : PostgresInvariants<Program, TutorProfile>(host);
