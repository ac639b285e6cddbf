using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// The restore drills' results, newest first, in <c>restore-drills.json</c> in the data directory (written atomically), so
/// what was proven outlives a restart. A backup is proven restorable once a drill restored it and found it whole; the age
/// that matters is how old the newest such backup is, i.e. how much a restore today could lose at most. Invariant: readiness
/// is Degraded when that age passes twice <see cref="BackupOptions.DrillInterval"/>, or, while no backup was ever proven,
/// when the history itself (started at the first start) is that old.
/// </summary>
public sealed class DrillHistory : IStorageCondition
{
    private const int Kept = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly DatabaseFiles files;
    private readonly bool drilled;
    private readonly BackupOptions options;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private Drills history;

    public DrillHistory(DatabaseFiles files, LocalBackups backups, IOptions<BackupOptions> options, IMeterFactory meters, TimeProvider time, ILogger<DrillHistory> logger)
    {
        this.files = files;
        this.options = options.Value;
        this.time = time;
        drilled = backups.Available;
        history = Load(logger) ?? new Drills(time.GetUtcNow().UtcDateTime, []);
        meters.Create(BackupMeter.Name).CreateObservableGauge("proven_restorable.age", ProvenAgeMeasurements, "s",
            "Age of the newest backup a restore drill restored and found whole: the most a restore now could lose. Absent until a drill proves one.");
    }

    public IReadOnlyList<RestoreDrillResult> Recent() => history.Results;

    /// <summary>Since when drills are counted: the first start that kept a history (saved then), so restarts do not reset it.</summary>
    public DateTime Since => history.Since;

    /// <summary>Saves the history if it has never been saved, so <see cref="Since"/> is the first start's.</summary>
    public void Begin()
    {
        lock (gate) if (!File.Exists(files.RestoreDrillsPath)) Save(history);
    }

    public DateTime? LastDrillAt => history.Results is [var last, ..] ? last.At : null;

    /// <summary>When the newest backup a drill proved restorable was taken.</summary>
    public DateTime? ProvenRestorableBackupAt => history.Results.Where(d => d.Passed).Max(d => d.BackupCreatedAt);

    public TimeSpan? ProvenRestorableAge => ProvenRestorableBackupAt is { } at ? time.GetUtcNow().UtcDateTime - at : null;

    /// <summary>When a drill last proved the backup of that name restorable, wherever it was kept.</summary>
    public DateTime? ProvenAt(string backup) => history.Results.FirstOrDefault(d => d.Passed && d.Backup == backup)?.At;

    public void Record(IReadOnlyList<RestoreDrillResult> drills)
    {
        lock (gate)
        {
            Save(history with { Results = [.. drills.OrderByDescending(d => d.At).Concat(history.Results).Take(Kept)] });
        }
    }

    private void Save(Drills updated)
    {
        DurableFiles.WriteAtomically(files.RestoreDrillsPath, stream => JsonSerializer.Serialize(stream, updated, Json));
        history = updated;
    }

    public StorageConcern? Current()
    {
        if (!drilled) return null;
        var limit = options.DrillInterval * 2;
        var now = time.GetUtcNow().UtcDateTime;
        if (ProvenRestorableBackupAt is { } proven)
            return now - proven <= limit ? null : Unproven(
                $"The newest backup a restore drill proved restorable was taken at {proven:u}, more than twice Backup__DrillInterval ({options.DrillInterval}) ago.");
        return now - history.Since <= limit ? null : Unproven(
            $"No restore drill has proven any backup restorable since {history.Since:u}, more than twice Backup__DrillInterval ({options.DrillInterval}) ago.");

        StorageConcern Unproven(string why) => new(StorageConcernKind.RestoreUnproven, HealthStatus.Degraded,
            "No recent backup is proven restorable.",
            $"{why} The last drill: {(history.Results is [var last, ..] ? $"{last.At:u}, {last.Outcome}" : "none yet")}");
    }

    private IEnumerable<Measurement<double>> ProvenAgeMeasurements() =>
        ProvenRestorableAge is { } age ? [new Measurement<double>(age.TotalSeconds)] : [];

    private Drills? Load(ILogger logger)
    {
        if (!File.Exists(files.RestoreDrillsPath)) return null;
        try
        {
            return JsonSerializer.Deserialize<Drills>(File.ReadAllBytes(files.RestoreDrillsPath), Json);
        }
        catch (JsonException e)
        {
            // Never a reason not to start; the next drill proves again what this file said.
            logger.LogWarning("The restore drill history {Path} could not be read ({Reason}); it starts again.", files.RestoreDrillsPath, e.Message);
            return null;
        }
    }

    /// <summary>The file's content: since when drills are counted, and the newest results.</summary>
    private sealed record Drills(DateTime Since, IReadOnlyList<RestoreDrillResult> Results);
}
