using Microsoft.Data.Sqlite;

namespace Connector.TestKit;

/// <summary>
/// Direct access to a gateway's SQLite file, for looking behind the API (what a call did or did not write)
/// and for planting rows the API would never write. Parameters are named as in the SQL, e.g. <c>("$id", reader)</c>.
/// </summary>
public static class StateDatabase
{
    public static async Task<object?> ScalarAsync(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(databasePath, SqliteOpenMode.ReadOnly);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    public static async Task<List<string>> ColumnAsync(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(databasePath, SqliteOpenMode.ReadOnly);
        await using var command = Command(connection, sql, parameters);
        await using var rows = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await rows.ReadAsync())
        {
            values.Add(rows.GetString(0));
        }

        return values;
    }

    /// <summary>Runs a write and returns how many rows it changed.</summary>
    public static async Task<int> ExecuteAsync(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(databasePath, SqliteOpenMode.ReadWrite);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<SqliteConnection> OpenAsync(string databasePath, SqliteOpenMode mode)
    {
        // Unpooled, so no handle outlives the call: the gateway's own disposal and the tests that delete the
        // file need it closed. Read-only where the test only looks, so looking can never change what it sees.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = mode,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
