using Microsoft.Data.Sqlite;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// One database file opened on its own, outside the service's pools: backups, damaged copies and
/// databases being rebuilt. Unpooled, so closing the connection really lets go of the file.
/// </summary>
internal static class SqliteFile
{
    /// <summary>The table FluentMigrator keeps its applied versions in; schema bookkeeping, not data.</summary>
    public const string MigrationsTable = "VersionInfo";

    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>Why <c>PRAGMA integrity_check</c> rejects the file, or null when it is sound. Reads only.</summary>
    public static string? IntegrityProblem(string path)
    {
        try
        {
            using var connection = Open(path, SqliteOpenMode.ReadOnly);
            var findings = Strings(connection, "PRAGMA integrity_check(5)");
            if (findings is not ["ok"]) return $"PRAGMA integrity_check: {DatabaseInspector.OneLine(findings)}";
            return SchemaVersion(connection) == 0 ? "it holds no SessionStore schema" : null;
        }
        catch (SqliteException e) when (DatabaseInspector.IsDamage(e))
        {
            return e.Message;
        }
    }

    /// <summary>The newest migration applied to the file, 0 when it has none.</summary>
    public static long SchemaVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{MigrationsTable}'";
        if ((long)command.ExecuteScalar()! == 0) return 0;
        command.CommandText = $"SELECT COALESCE(MAX(Version), 0) FROM \"{MigrationsTable}\"";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The tables that hold data: everything but SQLite's own and the migrations record.</summary>
    public static List<string> DataTables(SqliteConnection connection) =>
        Strings(connection, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> '{MigrationsTable}' ORDER BY name");

    public static long CountRows(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Sql.Quote(table)}";
        return (long)command.ExecuteScalar()!;
    }
}
