using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// Marks sessions whose game stopped sending heartbeats as abandoned, so "active" stays true across
/// restarts: a session left active by a crash or redeploy is swept on the first run after startup.
/// Works in small batches through the writer so it never holds up client writes for long.
/// </summary>
internal sealed class AbandonedSessionSweeper(
    StorageWriter writer,
    SessionWrites writes,
    IOptions<SessionsOptions> options,
    TimeProvider time,
    ILogger<AbandonedSessionSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync();
            }
            catch (StorageUnavailableException e)
            {
                logger.LogWarning("The abandoned-session sweep is skipped this time: {Reason}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task SweepAsync()
    {
        var now = UnixTime.Now(time);
        var cutoff = now - (long)options.Value.AbandonAfter.TotalMilliseconds;
        var total = 0;
        int marked;
        do
        {
            marked = await writer.WriteAsync(db => writes.AbandonInactive(db, cutoff, BatchSize));
            total += marked;
        }
        while (marked == BatchSize);
        if (total > 0)
            logger.LogInformation("Marked {Count} sessions abandoned after no heartbeat for {AbandonAfter}.", total, options.Value.AbandonAfter);
    }
}
