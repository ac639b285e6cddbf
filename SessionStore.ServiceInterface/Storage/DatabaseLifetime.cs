using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Brings the database up before the server takes requests and down after it has stopped: data directory
/// and its lock, the startup check (and recovery, if the files are damaged), writer, migrations; on shutdown,
/// stop taking writes, finish the queued ones, checkpoint, release the file. Startup reads no sessions, and
/// quick_check has a time budget (the rest of it runs in the background), so startup does not grow with the data.
/// With PostgreSQL the server looks after its own files: startup migrates (once, however many instances start
/// together) and opens the writer; the data directory and its lock then only hold this instance's request log.
/// </summary>
public sealed class DatabaseLifetime(
    DatabaseFiles files,
    DatabaseConnections connections,
    DatabaseRecovery recovery,
    StorageWriter writer,
    StorageStatus status,
    IHostApplicationLifetime application,
    ILoggerFactory loggerFactory,
    ILogger<DatabaseLifetime> logger) : IHostedService, IDisposable
{
    private readonly Lock closeGate = new();
    private readonly CancellationTokenSource stopping = new();
    private Task? closing;
    private Task backgroundCheck = Task.CompletedTask;
    private DataDirectoryLock? directoryLock;

    /// <summary>Checks, recovers if need be, opens and migrates the database, once.</summary>
    /// <exception cref="StorageStartupException">The data directory or the database cannot be used; the message says why in one sentence.</exception>
    public void Open()
    {
        if (directoryLock is not null) return;
        files.EnsureDataDirectoryIsUsable();
        directoryLock = DataDirectoryLock.Acquire(files, "SessionStore");
        long version;
        try
        {
            version = connections.Provider == StorageProvider.PostgreSql ? OpenAndMigrate() : CheckOpenAndMigrateSqlite();
            writer.Start();
        }
        catch (Exception e) when (StartupSentence(e) is { } sentence)
        {
            directoryLock.Dispose();
            directoryLock = null;
            throw new StorageStartupException(sentence, e);
        }
        status.MarkReady(version);
        logger.LogInformation("Database {Database} is ready at schema version {Version}.", connections.Location, version);
    }

    private long CheckOpenAndMigrateSqlite()
    {
        WarnIfOnNetworkFileSystem();
        var checkFinished = recovery.RecoverIfDamaged();
        long version;
        try
        {
            version = OpenAndMigrate();
        }
        catch (SqliteException e) when (DatabaseInspector.IsDamage(e))
        {
            // Damage quick_check had not reached (or had no time for): set the file aside and recover it now.
            // The pools close first, while the writer still holds the file, so no connection checkpoints into it.
            connections.ClearPools();
            writer.Abandon();
            recovery.Recover($"{DatabaseFiles.DatabaseFileName} cannot be opened: {e.Message}");
            checkFinished = true;
            version = OpenAndMigrate();
        }
        if (!checkFinished) backgroundCheck = Task.Run(FinishCheckInBackground);
        return version;
    }

    private long OpenAndMigrate()
    {
        // SQLite: the writer opens the file first, so WAL is set before anything else touches it. PostgreSQL: the
        // migrations run first, and the writer's connection proves the database takes writes.
        if (connections.Provider == StorageProvider.Sqlite) writer.Open();
        DatabaseMigrator.MigrateToLatest(connections.Provider, connections.WriterConnectionString, loggerFactory);
        if (connections.Provider == StorageProvider.PostgreSql) writer.Open();
        using var db = connections.OpenReader();
        return db.SchemaVersion();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Open();
        // Readiness turns 503 the moment the host starts stopping, so load balancers stop sending traffic first.
        application.ApplicationStopping.Register(status.MarkStopping);
        return Task.CompletedTask;
    }

    // The host may call StopAsync twice at once (its own stop and RunAsync's); close only once.
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (closeGate) return closing ??= CloseAsync(cancellationToken);
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        status.MarkStopping();
        await stopping.CancelAsync();
        await backgroundCheck;
        await writer.StopAsync(cancellationToken);
        connections.ClearPools();
        directoryLock?.Dispose();
        logger.LogInformation("Database {Database} is closed{AndCheckpointed}.", connections.Location,
            connections.Provider == StorageProvider.Sqlite ? " and checkpointed" : "");
    }

    public void Dispose()
    {
        stopping.Dispose();
        directoryLock?.Dispose();
    }

    private void FinishCheckInBackground()
    {
        logger.LogInformation("PRAGMA quick_check did not finish within Storage__StartupCheckBudget; it goes on in the background.");
        try
        {
            var inspection = DatabaseInspector.QuickCheckToTheEnd(files.DatabasePath, stopping.Token);
            if (inspection.Problem is { } problem) recovery.RecordDamageFoundLater(problem);
            else if (inspection.Finished) logger.LogInformation("The background PRAGMA quick_check found {Path} sound.", files.DatabasePath);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            logger.LogWarning("The background PRAGMA quick_check could not finish: {Reason}", e.Message);
        }
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
        StorageStartupException startup => startup.Message,
        Npgsql.NpgsqlException =>
            $"The PostgreSQL database {connections.Location} cannot be used: {StorageFaults.Describe(e) ?? e.Message}",
        SqliteException { SqliteErrorCode: 5 or 6 } =>
            $"The database {files.DatabasePath} is locked by another process (a sqlite3 shell or another tool holding a transaction); close it and start again.",
        UnauthorizedAccessException => DatabaseFiles.NotWritableSentence($"The data directory {files.DataDirectory} or a file in it", e),
        SqliteException or IOException => $"The database {files.DatabasePath} cannot be opened: {StorageFaults.Describe(e) ?? e.Message}",
        _ => null,
    };
}
