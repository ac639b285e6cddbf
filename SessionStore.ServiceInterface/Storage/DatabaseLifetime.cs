using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Brings the database up before the server takes requests and down after it has stopped:
/// data directory, writer, migrations; on shutdown, drain the writer, checkpoint, release the file.
/// Nothing here reads the sessions, so startup does not grow with the data.
/// </summary>
public sealed class DatabaseLifetime(
    DatabaseFiles files,
    DatabaseConnections connections,
    StorageWriter writer,
    StorageStatus status,
    ILoggerFactory loggerFactory,
    ILogger<DatabaseLifetime> logger) : IHostedService
{
    private readonly Lock closeGate = new();
    private Task? closing;
    private bool opened;

    /// <summary>Opens and migrates the database, once.</summary>
    /// <exception cref="StorageStartupException">The data directory or the database file cannot be used.</exception>
    public void Open()
    {
        if (opened) return;
        files.EnsureDataDirectoryIsUsable();
        try
        {
            writer.Start();
            DatabaseMigrator.MigrateToLatest(connections.WriterConnectionString, loggerFactory);
        }
        catch (SqliteException e)
        {
            throw new StorageStartupException($"The database {files.DatabasePath} cannot be opened: {e.Message}", e);
        }
        using var db = connections.OpenReader();
        var version = db.SchemaVersion();
        status.MarkReady(version);
        logger.LogInformation("Database {Path} is ready at schema version {Version}.", files.DatabasePath, version);
        opened = true;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Open();
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
        await writer.StopAsync(cancellationToken);
        SqliteConnection.ClearAllPools();
        logger.LogInformation("Database {Path} is closed and checkpointed.", files.DatabasePath);
    }
}
