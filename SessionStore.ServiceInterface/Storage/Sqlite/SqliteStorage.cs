using System.Data.Common;
using FluentMigrator.Runner;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage.Browsing;
using SessionStore.ServiceInterface.Storage.Recovery;

namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>
/// SQLite mode: one database file, <c>sessionstore.db</c> in the data directory, in WAL mode, opened with the pragmas every
/// connection needs. Before the writer opens it, the files are checked and a damaged database is recovered
/// (<see cref="DatabaseRecovery"/>); the part of <c>PRAGMA quick_check</c> that does not fit the startup budget runs once
/// the service is ready, so startup does not grow with the data.
/// </summary>
public sealed class SqliteStorage : IStorageProvider
{
    /// <summary>SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE (sqlite.org/c3ref/c_dbconfig_defensive.html).</summary>
    private const int NoCheckpointOnClose = 1006;

    private readonly DatabaseFiles files;
    private readonly DatabaseRecovery recovery;
    private readonly LiveDamage damage;
    private readonly StorageStatus status;
    private readonly RecoveryJournal recoveries;
    private readonly StorageOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger<SqliteStorage> logger;
    private readonly DataOptions readerOptions;
    private readonly DataOptions writerOptions;
    private bool checkFinished = true;
    private bool cleanShutdown;

    public SqliteStorage(
        DatabaseFiles files,
        DatabaseRecovery recovery,
        LiveDamage damage,
        StorageStatus status,
        RecoveryJournal recoveries,
        IOptions<StorageOptions> options,
        ILoggerFactory loggerFactory)
    {
        this.files = files;
        this.recovery = recovery;
        this.damage = damage;
        this.status = status;
        this.recoveries = recoveries;
        this.options = options.Value;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<SqliteStorage>();

        var synchronous = this.options.Synchronous.ToString().ToUpperInvariant();
        var busyTimeout = (long)this.options.BusyTimeout.TotalMilliseconds;
        // journal_mode is a property of the file, the rest belong to each connection and are lost when it closes.
        var writerPragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout={busyTimeout}; PRAGMA foreign_keys=ON;";
        var readerPragmas = $"PRAGMA busy_timeout={busyTimeout}; PRAGMA foreign_keys=ON;";
        // Microsoft.Data.Sqlite retries a busy database for the command timeout (30 s unless told otherwise) on top of
        // busy_timeout; bounding it by the same setting keeps a lock held by another process from stalling the writer longer.
        var commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(this.options.BusyTimeout.TotalSeconds));
        readerOptions = ConnectionOptions(SqliteFile.ConnectionString(files.DatabasePath, SqliteOpenMode.ReadOnly, pooled: true), readerPragmas, commandTimeoutSeconds);
        writerOptions = ConnectionOptions(SqliteFile.ConnectionString(files.DatabasePath, SqliteOpenMode.ReadWriteCreate, pooled: true), writerPragmas, commandTimeoutSeconds);
    }

    public StorageProvider Kind => StorageProvider.Sqlite;

    public string Location => files.DatabasePath;

    /// <summary>A pooled read-only connection; none while an online recovery replaces the file.</summary>
    public SessionStoreDb OpenReader() => status.IsRecovering ? throw new StorageUnavailableException(status.Description) : new(readerOptions);

    /// <summary>
    /// Never checkpoints as it closes: a graceful stop checkpoints on purpose, and a database found damaged while it
    /// opens must reach quarantine exactly as it was, WAL included.
    /// </summary>
    public SessionStoreDb OpenWriter()
    {
        var db = new SessionStoreDb(writerOptions);
        try
        {
            SQLitePCL.raw.sqlite3_db_config(((SqliteConnection)db.OpenDbConnection()).Handle, NoCheckpointOnClose, 1, out _);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public void ClearPools() => SqliteConnection.ClearAllPools();

    /// <summary>Brings a SQLite file (the database, or a replacement being built) to the newest schema.</summary>
    public static void MigrateToLatest(string path, ILoggerFactory loggerFactory) =>
        DatabaseMigrator.MigrateToLatest(SqliteFile.ConnectionString(path, SqliteOpenMode.ReadWriteCreate), runner => runner.AddSQLite(), loggerFactory);

    public long Open(StorageWriter writer)
    {
        try
        {
            WarnIfOnNetworkFileSystem();
            // After a graceful stop that left the file as it is, quick_check runs wholly in the background.
            cleanShutdown = CleanShutdown.Consume(files);
            checkFinished = recovery.RecoverIfDamaged(cleanShutdown ? TimeSpan.Zero : options.StartupCheckBudget);
            try
            {
                return OpenAndMigrate(writer);
            }
            catch (SqliteException e) when (SqliteErrors.IsDamage(e))
            {
                // Damage quick_check had not reached (or had no time for): set the file aside and recover it now.
                // The pools close first, while the writer still holds the file, so no connection checkpoints into it.
                ClearPools();
                writer.Abandon();
                recovery.Recover($"{DatabaseFiles.DatabaseFileName} cannot be opened: {e.Message}");
                checkFinished = true;
                return OpenAndMigrate(writer);
            }
        }
        catch (Exception e) when (StartupSentence(e) is { } sentence)
        {
            throw new StorageStartupException(sentence, e);
        }
    }

    /// <summary>The writer opens the file first, so WAL is set before anything else touches it.</summary>
    private long OpenAndMigrate(StorageWriter writer)
    {
        writer.Open();
        MigrateToLatest(files.DatabasePath, loggerFactory);
        using var db = OpenReader();
        return db.SchemaVersion();
    }

    public Task FinishCheckAsync(CancellationToken stopping) =>
        checkFinished ? Task.CompletedTask : Task.Run(() => FinishCheck(stopping), CancellationToken.None);

    private void FinishCheck(CancellationToken stopping)
    {
        if (cleanShutdown)
            logger.LogInformation("The database is as the last graceful stop left it; PRAGMA quick_check runs in the background.");
        else
            logger.LogInformation("PRAGMA quick_check did not finish within Storage__StartupCheckBudget; it goes on in the background.");
        try
        {
            var inspection = DatabaseInspector.QuickCheckToTheEnd(files.DatabasePath, stopping);
            if (inspection.Problem is { } problem) damage.Report(problem);
            else if (inspection.Finished) logger.LogInformation("The background PRAGMA quick_check found {Path} sound.", files.DatabasePath);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            logger.LogWarning("The background PRAGMA quick_check could not finish: {Reason}", e.Message);
        }
    }

    public void WriterStopping(SessionStoreDb writer)
    {
        try
        {
            writer.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException e)
        {
            logger.LogWarning("The WAL could not be checkpointed at shutdown ({Reason}); SQLite will replay it at the next start.", e.Message);
            return;
        }
        try
        {
            CleanShutdown.Record(files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The clean-shutdown marker could not be written ({Reason}); the next start checks the database before it is ready.", e.Message);
        }
    }

    public bool ReplacesWriterAfterFailure => false;

    /// <summary>
    /// The environment's faults, and damage a read or write met in the live file: that is reported to <see cref="LiveDamage"/>
    /// (which starts the online recovery) and answered like any fault the request cannot help, with a 503.
    /// </summary>
    public string? DescribeFault(Exception e)
    {
        if (SqliteFaults.Describe(e) is { } fault) return fault;
        if (e is not SqliteException sqlite || !SqliteErrors.IsDamageFoundWhileRunning(sqlite)) return null;
        damage.Report($"{DatabaseFiles.DatabaseFileName} is damaged where a request needed it: {sqlite.Message}");
        return LiveDamage.Sentence;
    }

    /// <summary>SQLite has one writer, so no write ever loses a race with another.</summary>
    public bool IsTransient(Exception e) => false;

    public Task<IReadOnlyList<TableSchema>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqliteCatalog.ReadTablesAsync(connection, cancellationToken);

    /// <summary>SQLite's LIKE ignores ASCII case and compares any value as text.</summary>
    public string ContainsCondition(string quotedColumn, string parameter) => $"{quotedColumn} LIKE '%' || {parameter} || '%' ESCAPE '\\'";

    /// <summary>SQLite compares a value with the column's affinity applied, so the column stays as it is.</summary>
    public string Comparable(ColumnSchema column, string quotedColumn) => quotedColumn;

    /// <summary>SQLite sorts NULL first ascending and last descending by itself.</summary>
    public string NullsOrder(bool descending) => "";

    public StorageReport Report(long schemaVersion)
    {
        using var db = OpenReader();
        return new StorageReport(
            files.DatabasePath,
            DatabaseFiles.LengthOf(files.DatabasePath),
            DatabaseFiles.LengthOf(files.WalPath),
            schemaVersion,
            db.Execute<string>("PRAGMA journal_mode"),
            // Synchronous is a per-connection setting; this is what the writer, the only connection that writes, uses.
            options.Synchronous.ToString().ToUpperInvariant(),
            LastBackup: null, // the admin API adds it, with where the backup is kept
            recoveries.Events(),
            StorageProvider.Sqlite,
            ServerVersion: null);
    }

    private void WarnIfOnNetworkFileSystem()
    {
        if (MountedFileSystems.NetworkFileSystemOf(files.DataDirectory) is var (type, mountPoint))
            logger.LogWarning(
                "The data directory {Directory} is on a network filesystem ({Type} mounted at {MountPoint}); SQLite's WAL needs the " +
                "file locks and shared memory of a local disk, so move the data directory to a local volume.",
                files.DataDirectory, type, mountPoint);
    }

    /// <summary>The one sentence for a fault of the environment at startup, or null for anything else (a bug keeps its stack trace).</summary>
    private string? StartupSentence(Exception e) => e switch
    {
        StorageStartupException => null,
        SqliteException sqlite when SqliteErrors.IsLocked(sqlite) =>
            $"The database {files.DatabasePath} is locked by another process (a sqlite3 shell or another tool holding a transaction); close it and start again.",
        UnauthorizedAccessException => DatabaseFiles.NotWritableSentence($"The data directory {files.DataDirectory} or a file in it", e),
        SqliteException or IOException => $"The database {files.DatabasePath} cannot be opened: {SqliteFaults.Describe(e) ?? e.Message}",
        _ => null,
    };

    private static DataOptions ConnectionOptions(string connectionString, string pragmas, int commandTimeoutSeconds) =>
        new DataOptions()
            .UseSQLite(connectionString, SQLiteProvider.Microsoft)
            .UseCommandTimeout(commandTimeoutSeconds)
            .UseAfterConnectionOpened(
                connection => SqlCommands.Execute(connection, pragmas),
                (connection, cancellationToken) => SqlCommands.ExecuteAsync(connection, pragmas, cancellationToken));
}
