using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Linq;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// Counts sessions by status in <c>session_totals</c>, so listings and statistics never count the sessions table:
/// at a million sessions a count would scan most of it for every page.
/// </summary>
public sealed class SessionTotals : ISessionChangeHook
{
    public void Apply(SessionStoreDb db, IReadOnlyList<SessionChange> changes)
    {
        long started = 0, completed = 0, abandoned = 0, completedDurationMs = 0;
        foreach (var change in changes)
        {
            if (change.Erased)
            {
                // A session that goes leaves every count it was in: started, and its status, like a write that undoes it.
                started--;
                if (change.From == SessionStatus.Active) continue;
                if (change.From == SessionStatus.Completed)
                {
                    completed--;
                    completedDurationMs -= change.Session.DurationMs;
                }
                else abandoned--;
            }
            else if (change.Started) started++;
            else if (!change.Ended) continue;
            else if (change.To == SessionStatus.Completed)
            {
                completed++;
                completedDurationMs += change.Session.DurationMs;
            }
            else abandoned++;
        }
        if (started == 0 && completed == 0 && abandoned == 0) return;
        Row(db)
            .Set(t => t.Total, t => t.Total + started)
            .Set(t => t.Active, t => t.Active + started - completed - abandoned)
            .Set(t => t.Completed, t => t.Completed + completed)
            .Set(t => t.Abandoned, t => t.Abandoned + abandoned)
            .Set(t => t.CompletedDurationMs, t => t.CompletedDurationMs + completedDurationMs)
            .Update();
    }

    public static async Task<SessionTotalsRecord> ReadAsync(SessionStoreDb db, CancellationToken cancellationToken) =>
        await db.SessionTotals.FirstOrDefaultAsync(cancellationToken) ?? new SessionTotalsRecord();

    /// <summary>How many sessions have <paramref name="status"/>, or how many there are at all.</summary>
    public static async Task<long> CountAsync(SessionStoreDb db, SessionStatus? status, CancellationToken cancellationToken)
    {
        var totals = await ReadAsync(db, cancellationToken);
        return status switch
        {
            null => totals.Total,
            SessionStatus.Active => totals.Active,
            SessionStatus.Completed => totals.Completed,
            SessionStatus.Abandoned => totals.Abandoned,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };
    }

    private static IUpdatable<SessionTotalsRecord> Row(SessionStoreDb db) =>
        db.SessionTotals.Where(t => t.Id == SessionTotalsRecord.OnlyRowId).AsUpdatable();
}
