using LinqToDB;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>
/// One SQLite database file opened on its own, outside the service's pools: backups, damaged copies, databases
/// being rebuilt, the request log. Unpooled unless asked, so closing the connection really lets go of the file.
/// </summary>
internal static class SqliteFile
{
    /// <summary>The one way the service spells a connection string to a SQLite file.</summary>
    public static string ConnectionString(string path, SqliteOpenMode mode, bool pooled = false) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = pooled }.ToString();

    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        var connection = new SqliteConnection(ConnectionString(path, mode));
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The same, for linq2db: a database being rebuilt, outside the pools.</summary>
    public static SessionStoreDb OpenDb(string path) =>
        new(new DataOptions().UseSQLite(ConnectionString(path, SqliteOpenMode.ReadWrite), SQLiteProvider.Microsoft));

    /// <summary>Why <c>PRAGMA integrity_check</c> rejects the file, or null when it is sound. Reads only.</summary>
    public static string? IntegrityProblem(string path)
    {
        try
        {
            using var connection = Open(path, SqliteOpenMode.ReadOnly);
            var findings = SqlCommands.Strings(connection, "PRAGMA integrity_check(5)");
            if (findings is not ["ok"]) return $"PRAGMA integrity_check: {OneLine(findings)}";
            return SchemaVersion(connection) == 0 ? "it holds no SessionStore schema" : null;
        }
        catch (SqliteException e) when (SqliteErrors.IsDamage(e))
        {
            return e.Message;
        }
    }

    /// <summary>The newest migration applied to the file, 0 when it has none.</summary>
    public static long SchemaVersion(SqliteConnection connection) =>
        SqlCommands.Scalar(connection, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{DatabaseMigrator.VersionTable}'") == 0
            ? 0
            : SqlCommands.Scalar(connection, $"SELECT COALESCE(MAX(Version), 0) FROM \"{DatabaseMigrator.VersionTable}\"");

    /// <summary>The tables that hold data: everything but SQLite's own and the migrations record.</summary>
    public static List<string> DataTables(SqliteConnection connection) =>
        SqlCommands.Strings(connection, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> '{DatabaseMigrator.VersionTable}' ORDER BY name");

    public static long CountRows(SqliteConnection connection, string table) =>
        SqlCommands.Scalar(connection, $"SELECT COUNT(*) FROM {SqlCommands.Quote(table)}");

    /// <summary>The rows of every data table, by table name.</summary>
    public static Dictionary<string, long> RowCounts(SqliteConnection connection) =>
        DataTables(connection).ToDictionary(table => table, table => CountRows(connection, table), StringComparer.Ordinal);

    /// <summary>A check's findings on one line, without its "*** in database main ***" headings.</summary>
    public static string OneLine(IEnumerable<string> findings) =>
        string.Join("; ", findings.SelectMany(f => f.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(line => !line.StartsWith("*** ", StringComparison.Ordinal)));
}
