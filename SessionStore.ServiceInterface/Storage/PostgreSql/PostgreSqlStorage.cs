using System.Data.Common;
using FluentMigrator.Runner;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.PostgreSQL;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Storage.PostgreSql;

/// <summary>
/// PostgreSQL mode: the database <c>ConnectionStrings:SessionStore</c> names, which several instances may share. The server
/// looks after its own files, so there is nothing to check or recover at startup: the migrations run (once, however many
/// instances start together) and the writer's connection proves the database takes writes.
/// </summary>
public sealed class PostgreSqlStorage : IStorageProvider
{
    private readonly DataOptions readerOptions;
    private readonly DataOptions writerOptions;
    private readonly string writerConnectionString;
    private readonly string readerConnectionString;
    private readonly ILoggerFactory loggerFactory;

    public PostgreSqlStorage(IOptions<StorageOptions> options, ILoggerFactory loggerFactory)
    {
        this.loggerFactory = loggerFactory;
        var writer = ConnectionStringOf(options.Value.ConnectionString);
        Location = $"postgresql://{writer.Host}:{writer.Port}/{writer.Database}";
        writerConnectionString = writer.ToString();
        // A second pool whose sessions refuse writes: the database browser and every read can only ever read.
        readerConnectionString = new NpgsqlConnectionStringBuilder(writerConnectionString)
        {
            Options = $"{writer.Options} -c default_transaction_read_only=on".Trim(),
        }.ToString();
        readerOptions = new DataOptions().UsePostgreSQL(readerConnectionString);
        writerOptions = new DataOptions().UsePostgreSQL(writerConnectionString);
    }

    public StorageProvider Kind => StorageProvider.PostgreSql;

    public string Location { get; }

    public SessionStoreDb OpenReader() => new(readerOptions);

    public SessionStoreDb OpenWriter()
    {
        var db = new SessionStoreDb(writerOptions);
        try
        {
            db.OpenDbConnection();
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public void ClearPools()
    {
        foreach (var connectionString in new[] { readerConnectionString, writerConnectionString })
        {
            using var pooled = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(pooled);
        }
    }

    /// <summary>Brings the database to the newest schema; instances that start together take turns behind <see cref="MigrationLock"/>.</summary>
    public static void MigrateToLatest(string connectionString, ILoggerFactory loggerFactory)
    {
        using var turn = MigrationLock.WaitForTurn(connectionString);
        DatabaseMigrator.MigrateToLatest(connectionString, runner => runner.AddPostgres(), loggerFactory);
    }

    public long Open(StorageWriter writer)
    {
        try
        {
            MigrateToLatest(writerConnectionString, loggerFactory);
            writer.Open();
            using var db = OpenReader();
            return db.SchemaVersion();
        }
        catch (NpgsqlException e)
        {
            throw new StorageStartupException($"The PostgreSQL database {Location} cannot be used: {DescribeFault(e) ?? e.Message}", e);
        }
    }

    public Task FinishCheckAsync(CancellationToken stopping) => Task.CompletedTask;

    public void WriterStopping(SessionStoreDb writer)
    {
    }

    /// <summary>A connection that broke under a batch (server restarted, network) is replaced before the next.</summary>
    public bool ReplacesWriterAfterFailure => true;

    public string? DescribeFault(Exception e) => e switch
    {
        StorageUnavailableException unavailable => unavailable.Message,
        PostgresException postgres => DescribeServerError(postgres),
        // Not an error the server sent: the connection itself failed (refused, reset, timed out, no free connection in the pool).
        NpgsqlException npgsql => $"The PostgreSQL server cannot be reached ({npgsql.Message.TrimEnd('.')}).",
        // Npgsql breaks a connection the server dropped, and a transaction on it then throws ObjectDisposedException around the cause.
        ObjectDisposedException { InnerException: NpgsqlException cause } => DescribeFault(cause),
        IOException io when StorageFaults.IsDiskFull(io) => "The disk holding the database is full.",
        _ => null,
    };

    /// <summary>PostgreSQL's deadlock detector or a serialization failure chose this write; it succeeds if it runs again.</summary>
    public bool IsTransient(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    public Task<IReadOnlyList<TableSchema>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        PostgreSqlCatalog.ReadTablesAsync(connection, cancellationToken);

    /// <summary>ILIKE matches any value once it is cast to text, as SQLite's LIKE does.</summary>
    public string ContainsCondition(string quotedColumn, string parameter) => $"CAST({quotedColumn} AS TEXT) ILIKE '%' || {parameter} || '%' ESCAPE '\\'";

    /// <summary>PostgreSQL compares only like with like: a column of any type outside the browser's classes is compared as its text.</summary>
    public string Comparable(ColumnSchema column, string quotedColumn) =>
        column.Affinity == ColumnAffinity.Numeric ? $"CAST({quotedColumn} AS TEXT)" : quotedColumn;

    public string NullsOrder(bool descending) => descending ? " NULLS LAST" : " NULLS FIRST";

    public StorageReport Report(long schemaVersion)
    {
        using var db = OpenReader();
        var server = db.Query<ServerFacts>(
            "SELECT current_setting('server_version') AS Version, pg_database_size(current_database()) AS SizeBytes, " +
            "current_setting('synchronous_commit') AS SynchronousCommit").Single();
        return new StorageReport(Location, server.SizeBytes, WalSizeBytes: null, schemaVersion, JournalMode: null,
            server.SynchronousCommit, LastBackup: null, RecoveryEvents: [], StorageProvider.PostgreSql, server.Version);
    }

    private static string? DescribeServerError(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.DiskFull => "The disk holding the PostgreSQL database is full.",
        PostgresErrorCodes.TooManyConnections => "The PostgreSQL server has no free connections.",
        PostgresErrorCodes.ReadOnlySqlTransaction => "The PostgreSQL database is read-only (a standby, or default_transaction_read_only).",
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow =>
            $"The PostgreSQL server is shutting down or starting up ({e.MessageText}).",
        PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled =>
            "The PostgreSQL database did not answer in time (a lock held elsewhere, or a statement timeout).",
        var state when state.StartsWith("08", StringComparison.Ordinal) => $"The PostgreSQL server cannot be reached ({e.MessageText}).",
        var state when state.StartsWith("28", StringComparison.Ordinal) => $"PostgreSQL refused the credentials in ConnectionStrings__SessionStore ({e.MessageText}).",
        var state when state.StartsWith("3D", StringComparison.Ordinal) => $"The PostgreSQL database in ConnectionStrings__SessionStore does not exist ({e.MessageText}).",
        _ => null,
    };

    /// <exception cref="StorageStartupException">There is no connection string, or it cannot be read.</exception>
    private static NpgsqlConnectionStringBuilder ConnectionStringOf(string? connectionString)
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

    private sealed record ServerFacts(string Version, long SizeBytes, string SynchronousCommit);
}
