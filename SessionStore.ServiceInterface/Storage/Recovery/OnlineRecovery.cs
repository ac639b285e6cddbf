using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>
/// Recovers damage found while the service runs (<see cref="LiveDamage"/>) without a restart, as a start would: readiness
/// turns 503, the writer finishes its batch and closes, every pooled connection goes, the damaged files move to quarantine
/// and the newest good backup with every readable row on top takes their place (<see cref="DatabaseRecovery"/>); then the
/// writer reopens and readiness is back, Degraded by the recovery event until an operator acknowledges it. Writes and reads
/// meanwhile answer 503. If the recovery itself fails, the service stays 503 and the next start finishes it from the journal.
/// Off with <see cref="StorageOptions.RecoverOnline"/> false: the damage then waits for a restart, readiness Degraded.
/// </summary>
internal sealed class OnlineRecovery(
    LiveDamage damage,
    StorageWriter writer,
    IStorageProvider storage,
    DatabaseRecovery recovery,
    StorageStatus status,
    IOptions<StorageOptions> options,
    ILogger<OnlineRecovery> logger) : BackgroundService
{
    private const string WhileRecovering =
        "The database is being recovered from damage found while the service ran (quarantine, newest good backup, every readable row); try again shortly.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != StorageProvider.Sqlite || !options.Value.RecoverOnline) return;
        while (true)
        {
            var eventId = await damage.NextAsync(stoppingToken);
            await RecoverAsync(eventId);
        }
    }

    private async Task RecoverAsync(string eventId)
    {
        var version = status.SchemaVersion;
        status.MarkRecovering(WhileRecovering);
        try
        {
            await writer.RunClosedAsync(() =>
            {
                storage.ClearPools();
                recovery.FinishPending();
            }, WhileRecovering);
        }
        catch (Exception e)
        {
            status.MarkRecovering("The database could not be recovered while the service ran; restart the service to finish the recovery.");
            logger.LogCritical(e, "The online recovery of recovery event {Id} failed; the service answers 503 until it is restarted, and the next start finishes the recovery.", eventId);
            return;
        }
        damage.Repaired();
        status.MarkReady(version);
        logger.LogWarning("The database was recovered while the service ran (recovery event {Id}); it serves again.", eventId);
    }
}
