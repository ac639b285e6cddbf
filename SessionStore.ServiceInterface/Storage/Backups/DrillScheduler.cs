using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Runs the restore drills: every <see cref="BackupOptions.DrillInterval"/>, counted from the last drill (or from the first
/// start, <see cref="DrillHistory.Since"/>), and on demand. A drill restores the newest local backup and, when a store off
/// the host is configured, the newest copy there (<see cref="RestoreDrill"/>), and records both. One drill runs at a time;
/// asking while one runs waits for it and runs the next.
/// </summary>
public sealed class DrillScheduler(
    LocalBackups local,
    OffHostCopies offHost,
    RestoreDrill drill,
    DrillHistory history,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<DrillScheduler> logger) : BackgroundService
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public bool Available => local.Available;

    /// <summary>Drills every target now and records the results, one per target.</summary>
    public async Task<IReadOnlyList<RestoreDrillResult>> RunNowAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            IBackupTarget[] targets = offHost.Target is { } remote ? [local, remote] : [local];
            var results = new List<RestoreDrillResult>();
            foreach (var target in targets)
            {
                var result = await drill.RunAsync(target, cancellationToken);
                results.Add(result);
                if (result.Passed) logger.LogInformation("Restore drill passed ({Location}): {Outcome}", result.Location, result.Outcome);
                else logger.LogWarning("Restore drill FAILED ({Location}): {Outcome}", result.Location, result.Outcome);
            }
            history.Record(results);
            return results;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!local.Available) return;
        history.Begin();
        var interval = options.Value.DrillInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var last = history.LastDrillAt ?? history.Since;
            await Schedule.DelayAsync(Schedule.Wait(new DateTimeOffset(last, TimeSpan.Zero), interval, time.GetUtcNow()), time, stoppingToken);
            try
            {
                await RunNowAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A drill must never take the service down; the next one is an interval later.
                logger.LogError(e, "The scheduled restore drill could not run; the next is in {Interval}.", interval);
                await Schedule.DelayAsync(interval, time, stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        oneAtATime.Dispose();
        base.Dispose();
    }
}
