using LinqToDB;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>After a recovery, the totals are counted again from the sessions that came back.</summary>
internal sealed class SessionTotalsFromSessions : IDerivedData
{
    public IReadOnlyList<string> Tables => [SessionTotalsRecord.TableName];

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
    }
}
