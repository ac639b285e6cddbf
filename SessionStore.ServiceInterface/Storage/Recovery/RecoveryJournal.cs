using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>
/// The recovery events, in <c>recovery-events.json</c> in the data directory. Not a table: the events describe
/// the database file itself, so they must outlive its quarantine and replacement, be writable before any
/// database exists, and stay readable with <c>cat</c> when SQLite can open nothing. Every change is written
/// atomically (<see cref="DurableFiles.WriteAtomically"/>), so a crash leaves the old journal or the new one.
/// </summary>
public sealed class RecoveryJournal(DatabaseFiles files, TimeProvider time, ILogger<RecoveryJournal> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter<RecoveryStage>(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly Lock gate = new();
    private List<RecoveryRecord>? records;

    /// <summary>Every recovery, newest first.</summary>
    public IReadOnlyList<RecoveryEvent> Events()
    {
        lock (gate) return [.. Records().AsEnumerable().Reverse().Select(ToEvent)];
    }

    /// <summary>The recoveries no operator has acknowledged yet, newest first: while there are any, readiness is Degraded.</summary>
    public IReadOnlyList<RecoveryEvent> Unacknowledged() => [.. Events().Where(e => !e.Acknowledged)];

    /// <summary>
    /// Marks every finished recovery as seen by an operator. One still under way (damage found while running, not yet
    /// repaired) stays open: acknowledging never hides damage in the live file. Returns all of them, newest first.
    /// </summary>
    public IReadOnlyList<RecoveryEvent> AcknowledgeAll()
    {
        lock (gate)
        {
            if (Records().Any(r => !r.Acknowledged && r.Stage == RecoveryStage.Done))
                Persist([.. Records().Select(r => r.Stage == RecoveryStage.Done ? r with { Acknowledged = true } : r)]);
            return Events();
        }
    }

    internal RecoveryRecord? Unfinished()
    {
        lock (gate) return Records().LastOrDefault(r => r.Stage != RecoveryStage.Done);
    }

    /// <summary>A new record at <see cref="RecoveryStage.Detected"/>, not yet saved.</summary>
    internal RecoveryRecord New(string problem, RecoveryPath recoveryPath) => new()
    {
        Id = Guid.CreateVersion7(time.GetUtcNow()).ToString(),
        At = time.GetUtcNow().UtcDateTime,
        Problem = problem,
        RecoveryPath = recoveryPath,
        Stage = RecoveryStage.Detected,
    };

    /// <summary>Adds the record, or replaces the one with its id, and writes the journal to disk before returning.</summary>
    internal RecoveryRecord Save(RecoveryRecord record)
    {
        lock (gate)
        {
            var updated = Records().Where(r => r.Id != record.Id).Append(record).OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            Persist(updated);
            return record;
        }
    }

    internal RecoveryEvent ToEvent(RecoveryRecord record) => new(
        record.Id,
        DateTime.SpecifyKind(record.At, DateTimeKind.Utc),
        record.Problem,
        record.QuarantinedTo.Length == 0 ? "" : Path.Combine(files.DataDirectory, record.QuarantinedTo),
        record.RecoveryPath,
        record.RestoredFromBackup,
        record.RowsRestored,
        record.RowsSalvaged,
        record.Acknowledged);

    private List<RecoveryRecord> Records() => records ??= Load();

    private List<RecoveryRecord> Load()
    {
        if (!File.Exists(files.RecoveryEventsPath)) return [];
        try
        {
            return JsonSerializer.Deserialize<Journal>(File.ReadAllText(files.RecoveryEventsPath), Json)?.Events ?? [];
        }
        catch (JsonException e)
        {
            // Never a reason not to start: keep the unreadable file for the operator and begin a new journal.
            var folder = Quarantine.CreateFolder(files, time.GetUtcNow());
            Quarantine.MoveInto(folder, [files.RecoveryEventsPath]);
            logger.LogWarning("The recovery journal {Path} could not be read ({Reason}); it was moved to {Folder} and a new one is started.",
                files.RecoveryEventsPath, e.Message, folder);
            return [];
        }
    }

    private void Persist(List<RecoveryRecord> updated)
    {
        DurableFiles.WriteAtomically(files.RecoveryEventsPath, stream => JsonSerializer.Serialize(stream, new Journal(updated), Json));
        records = updated;
    }

    private sealed record Journal(List<RecoveryRecord> Events);
}
