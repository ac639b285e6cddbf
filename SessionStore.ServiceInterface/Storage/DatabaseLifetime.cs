using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Brings the database up before the server takes requests and down after it has stopped. Up: the data directory and
/// its lock (in PostgreSQL mode they hold only this instance's request log), then the provider's check, writer and
/// migrations, then the writer's loop. Down: readiness turns 503, the writer takes no new writes and finishes the
/// queued ones, the provider finishes (SQLite checkpoints), the file is let go.
/// </summary>
public sealed class DatabaseLifetime(
    DatabaseFiles files,
    IStorageProvider storage,
    StorageWriter writer,
    StorageStatus status,
    IHostApplicationLifetime application,
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
            version = storage.Open(writer);
            writer.Start();
        }
        catch
        {
            directoryLock.Dispose();
            directoryLock = null;
            throw;
        }
        backgroundCheck = storage.FinishCheckAsync(stopping.Token);
        status.MarkReady(version);
        logger.LogInformation("Database {Database} is ready at schema version {Version}.", storage.Location, version);
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
        storage.ClearPools();
        directoryLock?.Dispose();
        logger.LogInformation("Database {Database} is closed{AndCheckpointed}.", storage.Location,
            storage.Kind == StorageProvider.Sqlite ? " and checkpointed" : "");
    }

    public void Dispose()
    {
        stopping.Dispose();
        directoryLock?.Dispose();
    }
}
