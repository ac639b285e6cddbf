using System.Data.Common;
using LinqToDB;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Opens connections to the database file with the pragmas every connection needs.
/// Readers are read-only and pooled, so many run beside the single writer (WAL).
/// </summary>
public sealed class DatabaseConnections
{
    private readonly DataOptions readerOptions;
    private readonly DataOptions writerOptions;

    public DatabaseConnections(DatabaseFiles files, IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        WriterConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = files.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        ReaderConnectionString = new SqliteConnectionStringBuilder(WriterConnectionString)
        {
            Mode = SqliteOpenMode.ReadOnly,
        }.ToString();

        var synchronous = storage.Synchronous.ToString().ToUpperInvariant();
        var busyTimeout = (long)storage.BusyTimeout.TotalMilliseconds;
        // journal_mode is a property of the file, the rest belong to each connection and are lost when it closes.
        WriterPragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout={busyTimeout}; PRAGMA foreign_keys=ON;";
        var readerPragmas = $"PRAGMA busy_timeout={busyTimeout}; PRAGMA foreign_keys=ON;";

        // Microsoft.Data.Sqlite retries a busy database for the command timeout (30 s unless told otherwise) on top of
        // busy_timeout; bounding it by the same setting keeps a lock held by another process from stalling the writer longer.
        var commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(storage.BusyTimeout.TotalSeconds));
        readerOptions = OptionsFor(ReaderConnectionString, readerPragmas, commandTimeoutSeconds);
        writerOptions = OptionsFor(WriterConnectionString, WriterPragmas, commandTimeoutSeconds);
    }

    internal string WriterConnectionString { get; }
    internal string ReaderConnectionString { get; }
    internal string WriterPragmas { get; }

    /// <summary>A read-only connection from the pool. Dispose it when done.</summary>
    public SessionStoreDb OpenReader() => new(readerOptions);

    /// <summary>A read-write connection. Only the single writer and startup tasks use one.</summary>
    internal SessionStoreDb OpenWriter() => new(writerOptions);

    /// <summary>A connection to another database file (one being rebuilt), outside the pools.</summary>
    internal static SessionStoreDb OpenStandalone(string path) =>
        new(new DataOptions().UseSQLite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString(), SQLiteProvider.Microsoft));

    private static DataOptions OptionsFor(string connectionString, string pragmas, int commandTimeoutSeconds) =>
        new DataOptions()
            .UseSQLite(connectionString, SQLiteProvider.Microsoft)
            .UseCommandTimeout(commandTimeoutSeconds)
            .UseAfterConnectionOpened(
                connection => Execute(connection, pragmas),
                (connection, cancellationToken) => ExecuteAsync(connection, pragmas, cancellationToken));

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
