using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>After a recovery, the per-minute starts are counted again from the sessions that came back.</summary>
internal sealed class SessionStartsFromSessions : IDerivedData
{
    public IReadOnlyList<string> Tables => [SessionStartsRecord.TableName];

    public void Rebuild(SessionStoreDb db)
    {
        db.SessionStarts.Delete();
        db.Sessions
            .GroupBy(s => s.StartedAt / SessionStarts.MillisecondsPerMinute)
            .Select(minute => new SessionStartsRecord { Minute = minute.Key, Started = minute.LongCount() })
            .Insert(db.SessionStarts, row => row);
    }
}
