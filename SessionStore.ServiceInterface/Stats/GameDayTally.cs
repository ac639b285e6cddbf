using System.Text.Json;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.GameStats;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>
/// What sessions add to the per-game, per-day tables, summed before it is written. A session in a status adds: a start;
/// when completed, its duration and duration bucket; when abandoned, its last level and minute of play. A change adds
/// what its session adds in its new status and takes away what it added in its old one, so a batch that names one
/// session several times (start, heartbeats, end) comes to the same as its last change alone.
/// </summary>
public sealed class GameDayTally
{
    private readonly Dictionary<(string Game, long Day), GameDayRecord> days = [];
    private readonly Dictionary<(string Game, long Day, int Bucket), long> durations = [];
    private readonly Dictionary<(string Game, long Day, int Axis, long Value), long> dropOffs = [];

    public const long MillisecondsPerDay = 86_400_000;
    private const long MillisecondsPerMinute = 60_000;

    public bool IsEmpty => days.Count == 0;

    public void Add(SessionChange change)
    {
        if (change.From == change.To) return;
        if (change.From is { } from) Count(change.Session, from, -1);
        if (change.To is { } to) Count(change.Session, to, +1);
    }

    public void Count(SessionRecord session, SessionStatus status, long sign)
    {
        var day = session.StartedAt / MillisecondsPerDay;
        var key = (session.Game, day);
        if (!days.TryGetValue(key, out var row)) days[key] = row = new GameDayRecord { Game = session.Game, Day = day };
        row.Started += sign;
        if (status == SessionStatus.Completed)
        {
            row.Completed += sign;
            row.CompletedDurationMs += sign * session.DurationMs;
            var bucket = (session.Game, day, DurationBuckets.Of(session.DurationMs));
            durations[bucket] = durations.GetValueOrDefault(bucket) + sign;
        }
        else if (status == SessionStatus.Abandoned)
        {
            row.Abandoned += sign;
            DropOff(session.Game, day, GameDayDropOffRecord.MinuteAxis,
                Math.Min(session.DurationMs / MillisecondsPerMinute, GameDayDropOffRecord.MaxMinute), sign);
            if (LevelOf(session.Metadata) is >= 0 and var level)
                DropOff(session.Game, day, GameDayDropOffRecord.LevelAxis, Math.Min(level, GameDayDropOffRecord.MaxLevel), sign);
        }
    }

    /// <summary>Adds the sums to the stored rows, creating those that are missing.</summary>
    public void WriteTo(SessionStoreDb db)
    {
        foreach (var row in days.Values.Where(r => r.Started != 0 || r.Completed != 0 || r.Abandoned != 0))
            GameDayStatements.AddDay(db, row.Game, row.Day, row.Started, row.Completed, row.Abandoned, row.CompletedDurationMs);
        foreach (var ((game, day, bucket), count) in durations.Where(d => d.Value != 0))
            GameDayStatements.AddDuration(db, game, day, bucket, count);
        foreach (var ((game, day, axis, value), count) in dropOffs.Where(d => d.Value != 0))
            GameDayStatements.AddDropOff(db, game, day, axis, value, count);
    }

    private void DropOff(string game, long day, int axis, long value, long sign)
    {
        var key = (game, day, axis, value);
        dropOffs[key] = dropOffs.GetValueOrDefault(key) + sign;
    }

    /// <summary>The session's <c>metadata.level</c> when it is an integer.</summary>
    private static long? LevelOf(string? metadata)
    {
        if (metadata is null || !metadata.Contains("\"level\"", StringComparison.Ordinal)) return null;
        using var document = JsonDocument.Parse(metadata);
        return document.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty("level", out var level)
               && level.ValueKind == JsonValueKind.Number
               && level.TryGetInt64(out var value)
            ? value
            : null;
    }
}
