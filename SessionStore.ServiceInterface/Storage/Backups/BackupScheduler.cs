using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Takes a backup every <see cref="BackupOptions.Interval"/>, counted from the newest of the service's own backups (by its
/// manifest, never by a file's name), so a service that restarts often still gets its backups. A failed backup is logged
/// and tried again an interval later. The wait is always between zero and one interval (<see cref="Schedule"/>).
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
        var lastAttempt = backups.List().FirstOrDefault(b => !b.Foreign) is { } newest ? new DateTimeOffset(newest.CreatedAt, TimeSpan.Zero) : startedAt;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Schedule.DelayAsync(Schedule.Wait(lastAttempt, interval, time.GetUtcNow()), time, stoppingToken);
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
