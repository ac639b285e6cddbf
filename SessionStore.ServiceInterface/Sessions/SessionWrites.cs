using LinqToDB;
using SessionStore.ServiceInterface.HighScores;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>Why a write to an existing session was refused.</summary>
public enum SessionWriteRefusal
{
    None,
    NotFound,
    WrongToken,
    Ended,
}

/// <summary>The session after a write, or why the write was refused (with the session as it stands, if it exists).</summary>
public sealed record SessionWriteOutcome(SessionWriteRefusal Refusal, SessionRecord? Session);

/// <summary>
/// The session writes. Each runs on the single writer inside its transaction, so the check
/// (token, status) and the change, with its counters and high score, commit together or not at all.
/// </summary>
public static class SessionWrites
{
    public static SessionRecord Create(SessionStoreDb db, CreateSession request, byte[] tokenHash, long now)
    {
        var session = new SessionRecord
        {
            Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(now)).ToString(),
            TokenHash = tokenHash,
            PlayerName = request.PlayerName?.Trim(),
            Game = request.Game ?? Limits.DefaultGame,
            Status = SessionStatusText.Active,
            StartedAt = now,
            LastSeenAt = now,
            Metadata = request.Metadata?.ToJsonString(),
        };
        db.Insert(session);
        SessionCounters.Started(db, session);
        return session;
    }

    public static SessionWriteOutcome Update(SessionStoreDb db, Guid id, UpdateSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, id, tokenHash, session =>
        {
            session.Score = request.Score ?? session.Score;
            if (request.Metadata is not null) session.Metadata = request.Metadata.ToJsonString();
            session.LastSeenAt = now;
            db.Update(session);
        });

    public static SessionWriteOutcome Complete(SessionStoreDb db, Guid id, CompleteSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, id, tokenHash, session =>
        {
            session.Score = request.Score ?? session.Score;
            End(db, session, SessionStatusText.Completed, now);
            SessionCounters.Completed(db, session);
            HighScoreEntries.Enter(db, session);
        });

    public static SessionWriteOutcome Abandon(SessionStoreDb db, AbandonSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, request.Id, tokenHash, session =>
        {
            End(db, session, SessionStatusText.Abandoned, now);
            SessionCounters.Abandoned(db, 1);
        });

    /// <summary>
    /// Marks up to <paramref name="limit"/> active sessions with no heartbeat since <paramref name="cutoff"/>
    /// as abandoned, ended at their last heartbeat. Returns how many it marked.
    /// </summary>
    public static int AbandonInactive(SessionStoreDb db, long cutoff, int limit)
    {
        var stale = db.Sessions
            .Where(s => s.Status == SessionStatusText.Active && s.LastSeenAt < cutoff)
            .OrderBy(s => s.LastSeenAt)
            .Take(limit)
            .Select(s => s.Id)
            .ToList();
        if (stale.Count == 0) return 0;
        // Checked again as the rows are changed: another instance's sweep, or a heartbeat, may have got there first.
        var marked = db.Sessions
            .Where(s => stale.Contains(s.Id) && s.Status == SessionStatusText.Active && s.LastSeenAt < cutoff)
            .Set(s => s.Status, SessionStatusText.Abandoned)
            .Set(s => s.EndedAt, s => s.LastSeenAt)
            .Update();
        SessionCounters.Abandoned(db, marked);
        return marked;
    }

    private static SessionWriteOutcome ChangeActive(SessionStoreDb db, Guid id, byte[] tokenHash, Action<SessionRecord> change)
    {
        var key = id.ToString();
        var session = db.Sessions.Where(s => s.Id == key).LockedForUpdate(db).FirstOrDefault();
        if (session is null) return new(SessionWriteRefusal.NotFound, null);
        if (!SessionToken.HashesMatch(tokenHash, session.TokenHash)) return new(SessionWriteRefusal.WrongToken, null);
        if (!session.IsActive) return new(SessionWriteRefusal.Ended, session);
        change(session);
        return new(SessionWriteRefusal.None, session);
    }

    private static void End(SessionStoreDb db, SessionRecord session, string status, long now)
    {
        session.Status = status;
        session.LastSeenAt = now;
        session.EndedAt = now;
        db.Update(session);
    }
}
