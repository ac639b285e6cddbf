using LinqToDB;
using LinqToDB.Async;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>Reads of the per-game, per-day tables: sums over a game's days, never a scan of its sessions.</summary>
public static class GameDayReads
{
    public static async Task<GameDayRecord> TotalsAsync(SessionStoreDb db, string game, CancellationToken cancellationToken) =>
        await db.GameDays
            .Where(d => d.Game == game)
            .GroupBy(d => d.Game)
            .Select(g => new GameDayRecord
            {
                Game = g.Key,
                Started = g.Sum(d => d.Started),
                Completed = g.Sum(d => d.Completed),
                Abandoned = g.Sum(d => d.Abandoned),
                CompletedDurationMs = g.Sum(d => d.CompletedDurationMs),
            })
            .FirstOrDefaultAsync(cancellationToken) ?? new GameDayRecord { Game = game };

    /// <summary>The game's sessions started at or after <paramref name="unixMilliseconds"/>: a range of the game's start index.</summary>
    public static Task<long> StartedSinceAsync(SessionStoreDb db, string game, long unixMilliseconds, CancellationToken cancellationToken) =>
        db.Sessions.Where(s => s.Game == game && s.StartedAt >= unixMilliseconds).LongCountAsync(cancellationToken);

    public static async Task<IReadOnlyList<DayStats>> DaysAsync(SessionStoreDb db, string game, DayRange range, CancellationToken cancellationToken)
    {
        var days = await db.GameDays
            .Where(d => d.Game == game && d.Day >= range.First && d.Day <= range.Last)
            .ToDictionaryAsync(d => d.Day, cancellationToken);
        var durations = (await db.GameDayDurations
                .Where(d => d.Game == game && d.Day >= range.First && d.Day <= range.Last && d.Completed > 0)
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.Day);
        var result = new List<DayStats>((int)(range.Last - range.First + 1));
        for (var day = range.First; day <= range.Last; day++)
        {
            var row = days.GetValueOrDefault(day) ?? new GameDayRecord { Game = game, Day = day };
            var buckets = durations[day].ToDictionary(d => d.Bucket, d => d.Completed);
            var ended = row.Completed + row.Abandoned;
            result.Add(new DayStats(
                Day: DayRange.DayOf(day),
                Started: row.Started,
                Completed: row.Completed,
                Abandoned: row.Abandoned,
                CompletionRate: ended == 0 ? null : (double)row.Completed / ended,
                MeanDurationSeconds: row.Completed == 0 ? null : row.CompletedDurationMs / 1000.0 / row.Completed,
                P50DurationSeconds: DurationBuckets.Percentile(buckets, 0.5),
                P90DurationSeconds: DurationBuckets.Percentile(buckets, 0.9)));
        }
        return result;
    }

    public static async Task<DropOffResponse> DropOffAsync(SessionStoreDb db, string game, DayRange range, CancellationToken cancellationToken)
    {
        var abandoned = await db.GameDays
            .Where(d => d.Game == game && d.Day >= range.First && d.Day <= range.Last)
            .SumAsync(d => (long?)d.Abandoned, cancellationToken) ?? 0;
        var counts = await db.GameDayDropOffs
            .Where(d => d.Game == game && d.Day >= range.First && d.Day <= range.Last)
            .GroupBy(d => new { d.Axis, d.Value })
            .Select(g => new { g.Key.Axis, g.Key.Value, Abandoned = g.Sum(d => d.Abandoned) })
            .ToListAsync(cancellationToken);
        List<DropOffCount> Axis(int axis) =>
            [.. counts.Where(c => c.Axis == axis && c.Abandoned > 0).OrderBy(c => c.Value).Select(c => new DropOffCount(c.Value, c.Abandoned))];
        return new DropOffResponse(game, range.FirstDay, range.LastDay, abandoned, Axis(GameDayDropOffRecord.LevelAxis), Axis(GameDayDropOffRecord.MinuteAxis));
    }
}
