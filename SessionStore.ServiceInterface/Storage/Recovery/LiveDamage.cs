using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>
/// Damage found in the live database while the service runs: by the background <c>quick_check</c>, or by a read, a
/// write or a backup that met it (SQLITE_CORRUPT, SQLITE_NOTADB). The first report records a recovery event
/// (<see cref="RecoveryPath.RestartPending"/>, saved before anything else happens) and wakes <see cref="OnlineRecovery"/>;
/// further reports of it add nothing. Invariants: until the damage is repaired, readiness is Degraded whatever an operator
/// acknowledged, a request that meets it answers 503 with <see cref="Sentence"/>, and rotation keeps the newest backup
/// taken before it was found.
/// </summary>
public sealed class LiveDamage(RecoveryJournal journal, ILogger<LiveDamage> logger) : IStorageCondition
{
    private readonly Lock gate = new();
    private readonly Channel<string> found = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private Finding? current;

    /// <summary>When the damage not yet repaired was found; null when there is none.</summary>
    public DateTime? FoundAt => current?.At;

    /// <summary>What a read or write that met the damage answers with (503).</summary>
    public const string Sentence =
        "The database file is damaged where this request needed it; the service is recovering it from its newest backup and every row it can still read.";

    /// <summary>Records damage found while running, once; returns the recovery event's id.</summary>
    public string Report(string problem)
    {
        lock (gate)
        {
            if (current is { } known) return known.EventId;
            var record = journal.Save(journal.New(problem, RecoveryPath.RestartPending));
            current = new Finding(problem, record.At, record.Id);
            logger.LogError(
                "SessionStore found damage in its database while running: {Problem}. Requests that need the damaged pages answer 503; " +
                "the service recovers online (readiness 503 meanwhile) unless Storage__RecoverOnline is false, in which case a restart recovers it. " +
                "/health/ready reports Degraded until it is repaired. See docs/operations.md. (Recovery event {Id}.)",
                problem, record.Id);
            found.Writer.TryWrite(record.Id);
            return record.Id;
        }
    }

    /// <summary>Waits for damage to be reported; returns its recovery event's id.</summary>
    internal ValueTask<string> NextAsync(CancellationToken cancellationToken) => found.Reader.ReadAsync(cancellationToken);

    /// <summary>The damaged file is in quarantine and a recovered one serves in its place.</summary>
    internal void Repaired()
    {
        lock (gate) current = null;
    }

    public StorageConcern? Current() => current is { } damage
        ? new StorageConcern(StorageConcernKind.DamageNotRepaired, HealthStatus.Degraded,
            "Damage found in the database while running is not repaired yet.",
            $"Found at {damage.At:u}: {damage.Problem}. Recovery event {damage.EventId}. The service recovers it online, or at the next start " +
            "when Storage__RecoverOnline is false; acknowledging the event does not clear this.")
        : null;

    private sealed record Finding(string Problem, DateTime At, string EventId);
}
