using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Brings the database up before the server takes requests and down after it has stopped:
/// data directory, writer, migrations; on shutdown, drain the writer, checkpoint, release the file.
/// Nothing here reads the sessions, so startup does not grow with the data.
/// </summary>
internal sealed class DatabaseLifetime(
    DatabaseFiles files,
    DatabaseConnections connections,
    StorageWriter writer,
    StorageStatus status,
    ILoggerFactory loggerFactory,
    ILogger<DatabaseLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
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
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        status.MarkStopping();
        await writer.StopAsync(cancellationToken);
        SqliteConnection.ClearAllPools();
        logger.LogInformation("Database {Path} is closed and checkpointed.", files.DatabasePath);
    }
}
