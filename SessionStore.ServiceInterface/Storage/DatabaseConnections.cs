using System.Data.Common;
using LinqToDB;
using LinqToDB.DataProvider.PostgreSQL;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Opens connections to the database: the SQLite file with the pragmas every connection needs, or the PostgreSQL
/// database named by <c>ConnectionStrings:SessionStore</c>. Readers are read-only and pooled, so many run beside the
/// single writer (WAL on SQLite, MVCC on PostgreSQL).
/// </summary>
public sealed class DatabaseConnections
{
    private const int NoCheckpointOnClose = 1006; // SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE
    private readonly DataOptions readerOptions;
    private readonly DataOptions writerOptions;

    public DatabaseConnections(DatabaseFiles files, IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        Provider = storage.Provider;
        if (Provider == StorageProvider.PostgreSql)
        {
            var writer = PostgreSqlConnectionString(storage.ConnectionString);
            Location = $"postgresql://{writer.Host}:{writer.Port}/{writer.Database}";
            WriterConnectionString = writer.ToString();
            // A second pool whose sessions refuse writes: the database browser and every read can only ever read.
            ReaderConnectionString = new NpgsqlConnectionStringBuilder(WriterConnectionString)
            {
                Options = $"{writer.Options} -c default_transaction_read_only=on".Trim(),
            }.ToString();
            readerOptions = new DataOptions().UsePostgreSQL(ReaderConnectionString);
            writerOptions = new DataOptions().UsePostgreSQL(WriterConnectionString);
            return;
        }

        Location = files.DatabasePath;
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
        var writerPragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout={busyTimeout}; PRAGMA foreign_keys=ON;";
        var readerPragmas = $"PRAGMA busy_timeout={busyTimeout}; PRAGMA foreign_keys=ON;";

        // Microsoft.Data.Sqlite retries a busy database for the command timeout (30 s unless told otherwise) on top of
        // busy_timeout; bounding it by the same setting keeps a lock held by another process from stalling the writer longer.
        var commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(storage.BusyTimeout.TotalSeconds));
        readerOptions = SqliteOptions(ReaderConnectionString, readerPragmas, commandTimeoutSeconds);
        writerOptions = SqliteOptions(WriterConnectionString, writerPragmas, commandTimeoutSeconds);
    }

    /// <summary>Which database this service keeps its data in.</summary>
    public StorageProvider Provider { get; }

    /// <summary>Where the database is, for people: the SQLite file's path, or the PostgreSQL server and database (never a password).</summary>
    public string Location { get; }

    internal string WriterConnectionString { get; }
    internal string ReaderConnectionString { get; }

    /// <summary>A read-only connection from the pool. Dispose it when done.</summary>
    public SessionStoreDb OpenReader() => new(readerOptions);

    /// <summary>
    /// A read-write connection, open. Only the single writer and startup tasks use one. On SQLite it never checkpoints
    /// as it closes: a graceful stop checkpoints on purpose, and a database found damaged while it opens must reach
    /// quarantine exactly as it was, WAL included.
    /// </summary>
    internal SessionStoreDb OpenWriter()
    {
        var db = new SessionStoreDb(writerOptions);
        try
        {
            if (db.OpenDbConnection() is SqliteConnection sqlite)
                SQLitePCL.raw.sqlite3_db_config(sqlite.Handle, NoCheckpointOnClose, 1, out _);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>A connection to another SQLite database file (one being rebuilt), outside the pools.</summary>
    internal static SessionStoreDb OpenStandalone(string path) =>
        new(new DataOptions().UseSQLite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString(), SQLiteProvider.Microsoft));

    /// <summary>Lets go of every pooled connection, so no idle one holds the SQLite file (or a PostgreSQL session) open.</summary>
    internal void ClearPools()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            return;
        }
        foreach (var connectionString in new[] { ReaderConnectionString, WriterConnectionString })
        {
            using var pooled = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(pooled);
        }
    }

    /// <exception cref="StorageStartupException">There is no connection string, or it cannot be read.</exception>
    private static NpgsqlConnectionStringBuilder PostgreSqlConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new StorageStartupException(
                $"Storage__Provider is PostgreSql but ConnectionStrings__{StorageOptions.ConnectionStringName} is not set; set it to an Npgsql " +
                "connection string such as Host=db;Database=sessionstore;Username=sessionstore;Password=….");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "SessionStore";
            return builder;
        }
        catch (ArgumentException e)
        {
            throw new StorageStartupException($"ConnectionStrings__{StorageOptions.ConnectionStringName} is not a valid Npgsql connection string: {e.Message}", e);
        }
    }

    private static DataOptions SqliteOptions(string connectionString, string pragmas, int commandTimeoutSeconds) =>
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
