using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Takes a backup every <see cref="BackupOptions.Interval"/>, counted from the newest backup, so a service
/// that restarts often still gets its backups. A failed backup is logged and tried again an interval later.
/// </summary>
internal sealed class BackupScheduler(
    LocalBackups backups,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<BackupScheduler> logger) : BackgroundService
{
    private readonly DateTimeOffset startedAt = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!backups.Available) return;
        var interval = options.Value.Interval;
        var lastAttempt = backups.List().FirstOrDefault(b => b.Verified) is { } newest ? new DateTimeOffset(newest.CreatedAt) : startedAt;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = lastAttempt + interval - time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken);
            lastAttempt = time.GetUtcNow();
            try
            {
                await backups.CreateAsync(stoppingToken);
            }
            catch (StorageUnavailableException e)
            {
                logger.LogWarning("The scheduled backup failed; the next try is in {Interval}: {Reason}", interval, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A backup must never take the service down with it.
                logger.LogError(e, "The scheduled backup failed; the next try is in {Interval}.", interval);
            }
        }
    }
}
