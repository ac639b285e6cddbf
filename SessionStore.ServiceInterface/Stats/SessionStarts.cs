using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>Counts the sessions started in each UTC minute, for "started in the last 24 hours".</summary>
public sealed class SessionStarts : ISessionChangeHook
{
    public const long MillisecondsPerMinute = 60_000;
    public const long MinutesPerDay = 24 * 60;

    public void Apply(SessionStoreDb db, IReadOnlyList<SessionChange> changes)
    {
        foreach (var minute in changes.Where(c => c.Started).GroupBy(c => MinuteOf(c.Session.StartedAt)))
        {
            var count = minute.LongCount();
            db.SessionStarts.InsertOrUpdate(
                () => new SessionStartsRecord { Minute = minute.Key, Started = count },
                row => new SessionStartsRecord { Started = row.Started + count });
        }
        // An erased session was never started, as far as the counts go; a minute older than the counts keep has gone already.
        foreach (var minute in changes.Where(c => c.Erased).GroupBy(c => MinuteOf(c.Session.StartedAt)))
        {
            var count = minute.LongCount();
            db.SessionStarts.Where(s => s.Minute == minute.Key).Set(s => s.Started, s => s.Started - count).Update();
        }
    }

    /// <summary>Drops the minutes older than any statistic looks at (two days, so the 24-hour window is always whole).</summary>
    public static void ForgetBefore(SessionStoreDb db, long unixMilliseconds)
    {
        var oldest = MinuteOf(unixMilliseconds) - 2 * MinutesPerDay;
        db.SessionStarts.Where(s => s.Minute < oldest).Delete();
    }

    public static long MinuteOf(long unixMilliseconds) => unixMilliseconds / MillisecondsPerMinute;
}
