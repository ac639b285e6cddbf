using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>Drops per-minute start counts that no statistic looks at any more, once an hour through the writer.</summary>
internal sealed class SessionStartsRetention(StorageWriter writer, TimeProvider time, ILogger<SessionStartsRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await writer.WriteAsync(db =>
                {
                    SessionStarts.ForgetBefore(db, UnixTime.Now(time));
                    return 0;
                });
            }
            catch (StorageUnavailableException e)
            {
                logger.LogWarning("Old per-minute start counts are kept until the next try: {Reason}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
