using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Linq;
using LinqToDB.Mapping;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>The one row of <c>session_totals</c>: counts kept in step with every session write.</summary>
[Table(TableName)]
public sealed class SessionTotalsRecord
{
    public const string TableName = "session_totals";
    public const int OnlyRowId = 1;

    [PrimaryKey, Column("id")] public int Id { get; set; }
    [Column("total")] public long Total { get; set; }
    [Column("active")] public long Active { get; set; }
    [Column("completed")] public long Completed { get; set; }
    [Column("abandoned")] public long Abandoned { get; set; }
    [Column("completed_duration_ms")] public long CompletedDurationMs { get; set; }
}

/// <summary>A row of <c>session_starts_per_minute</c>: how many sessions started in one UTC minute.</summary>
[Table(TableName)]
public sealed class SessionStartsRecord
{
    public const string TableName = "session_starts_per_minute";

    [PrimaryKey, Column("minute")] public long Minute { get; set; }
    [Column("started")] public long Started { get; set; }
}

/// <summary>
/// Moves the counters with each session change. Callers run these inside the write transaction that
/// changes the session, so the counters and the rows can never disagree.
/// </summary>
public static class SessionCounters
{
    public const long MillisecondsPerMinute = 60_000;
    public const long MinutesPerDay = 24 * 60;
    public const long MillisecondsPerDay = MinutesPerDay * MillisecondsPerMinute;

    extension(SessionStoreDb db)
    {
        public ITable<SessionTotalsRecord> SessionTotals => db.GetTable<SessionTotalsRecord>();
        public ITable<SessionStartsRecord> SessionStarts => db.GetTable<SessionStartsRecord>();
    }

    public static void Started(SessionStoreDb db, SessionRecord session)
    {
        Totals(db)
            .Set(t => t.Total, t => t.Total + 1)
            .Set(t => t.Active, t => t.Active + 1)
            .Update();
        var minute = MinuteOf(session.StartedAt);
        db.SessionStarts.InsertOrUpdate(
            () => new SessionStartsRecord { Minute = minute, Started = 1 },
            row => new SessionStartsRecord { Started = row.Started + 1 });
    }

    /// <summary>An active session has just become completed.</summary>
    public static void Completed(SessionStoreDb db, SessionRecord session) =>
        Totals(db)
            .Set(t => t.Active, t => t.Active - 1)
            .Set(t => t.Completed, t => t.Completed + 1)
            .Set(t => t.CompletedDurationMs, t => t.CompletedDurationMs + session.DurationMs)
            .Update();

    /// <summary><paramref name="count"/> active sessions have just become abandoned.</summary>
    public static void Abandoned(SessionStoreDb db, long count) =>
        Totals(db)
            .Set(t => t.Active, t => t.Active - count)
            .Set(t => t.Abandoned, t => t.Abandoned + count)
            .Update();

    /// <summary>
    /// How many sessions have <paramref name="status"/> (any status when null), read from the counters instead of
    /// counting the rows, which at a million sessions would scan most of the table for every page of a listing.
    /// </summary>
    public static async Task<long> CountAsync(SessionStoreDb db, string? status, CancellationToken cancellationToken)
    {
        var totals = await ReadTotalsAsync(db, cancellationToken);
        return status switch
        {
            null => totals.Total,
            SessionStatusText.Active => totals.Active,
            SessionStatusText.Completed => totals.Completed,
            SessionStatusText.Abandoned => totals.Abandoned,
            _ => 0,
        };
    }

    public static async Task<SessionTotalsRecord> ReadTotalsAsync(SessionStoreDb db, CancellationToken cancellationToken) =>
        await db.SessionTotals.FirstOrDefaultAsync(cancellationToken) ?? new SessionTotalsRecord();

    /// <summary>Drops per-minute rows older than the window any statistic looks at.</summary>
    public static void ForgetStartsBefore(SessionStoreDb db, long unixMilliseconds)
    {
        var oldest = MinuteOf(unixMilliseconds);
        db.SessionStarts.Where(s => s.Minute < oldest).Delete();
    }

    public static long MinuteOf(long unixMilliseconds) => unixMilliseconds / MillisecondsPerMinute;

    private static IUpdatable<SessionTotalsRecord> Totals(SessionStoreDb db) =>
        db.SessionTotals.Where(t => t.Id == SessionTotalsRecord.OnlyRowId).AsUpdatable();
}

/// <summary>After a recovery, the counters are counted again from the sessions that came back.</summary>
internal sealed class SessionCountersFromSessions : IDerivedData
{
    public IReadOnlyList<string> Tables => [SessionTotalsRecord.TableName, SessionStartsRecord.TableName];

    public void Rebuild(SessionStoreDb db)
    {
        db.SessionTotals.Delete();
        var totals = db.Sessions
            .GroupBy(_ => 1)
            .Select(all => new SessionTotalsRecord
            {
                Id = SessionTotalsRecord.OnlyRowId,
                Total = all.LongCount(),
                Active = all.LongCount(s => s.Status == SessionStatusText.Active),
                Completed = all.LongCount(s => s.Status == SessionStatusText.Completed),
                Abandoned = all.LongCount(s => s.Status == SessionStatusText.Abandoned),
                CompletedDurationMs = all.Sum(s => s.Status == SessionStatusText.Completed ? (s.EndedAt ?? s.LastSeenAt) - s.StartedAt : 0),
            })
            .FirstOrDefault() ?? new SessionTotalsRecord { Id = SessionTotalsRecord.OnlyRowId };
        db.Insert(totals);

        db.SessionStarts.Delete();
        db.Sessions
            .GroupBy(s => s.StartedAt / SessionCounters.MillisecondsPerMinute)
            .Select(minute => new SessionStartsRecord { Minute = minute.Key, Started = minute.LongCount() })
            .Insert(db.SessionStarts, row => row);
    }
}
