namespace MyConnector.App.Tests;

// Every check the skeleton's apps must pass, on both stores (PostgreSQL ones are skipped, saying why, without its server binaries).
public sealed class OnSqlite(SqliteConnector<Program> host) : SqliteInvariants<Program, Profile>(host);

public sealed class OnPostgres(PostgresConnector<Program> host) : PostgresInvariants<Program, Profile>(host);
