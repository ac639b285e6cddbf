using LinqToDB;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// The session writes. Each runs on the single writer inside its transaction, so the check (token, status), the change
/// and what the <see cref="ISessionChangeHook"/>s derive from it commit together or not at all.
/// </summary>
public sealed class SessionWrites(IEnumerable<ISessionChangeHook> hooks)
{
    private readonly ISessionChangeHook[] hooks = [.. hooks];

    public SessionRecord Create(SessionStoreDb db, CreateSession request, byte[] tokenHash, long now)
    {
        var session = new SessionRecord
        {
            Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(now)).ToString(),
            TokenHash = tokenHash,
            PlayerName = request.PlayerName?.Trim(),
            PlayerId = request.PlayerId,
            Game = request.Game ?? Limits.DefaultGame,
            Status = SessionStatusText.Active,
            StartedAt = now,
            LastSeenAt = now,
            Metadata = request.Metadata?.ToJsonString(),
        };
        db.Insert(session);
        Changed(db, [new SessionChange(session, From: null, SessionStatus.Active)]);
        return session;
    }

    public SessionWriteOutcome Update(SessionStoreDb db, UpdateSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, request.Id, tokenHash, SessionStatus.Active, session =>
        {
            session.Score = request.Score ?? session.Score;
            if (request.Metadata is not null) session.Metadata = request.Metadata.ToJsonString();
            session.LastSeenAt = now;
        });

    public SessionWriteOutcome Complete(SessionStoreDb db, CompleteSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, request.Id, tokenHash, SessionStatus.Completed, session =>
        {
            session.Score = request.Score ?? session.Score;
            End(session, SessionStatus.Completed, now);
        });

    public SessionWriteOutcome Abandon(SessionStoreDb db, AbandonSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, request.Id, tokenHash, SessionStatus.Abandoned, session => End(session, SessionStatus.Abandoned, now));

    /// <summary>
    /// Marks up to <paramref name="limit"/> active sessions with no heartbeat since <paramref name="cutoff"/> as abandoned,
    /// ended at their last heartbeat. Returns how many it marked.
    /// </summary>
    public int AbandonInactive(SessionStoreDb db, long cutoff, int limit)
    {
        // Locked as they are read: another instance's sweep or a heartbeat waits for this transaction, then sees the change.
        var stale = db.Sessions
            .Where(s => s.Status == SessionStatusText.Active && s.LastSeenAt < cutoff)
            .OrderBy(s => s.LastSeenAt)
            .Take(limit)
            .LockedForUpdate(db)
            .ToList();
        if (stale.Count == 0) return 0;
        var ids = stale.Select(s => s.Id).ToList();
        db.Sessions
            .Where(s => ids.Contains(s.Id))
            .Set(s => s.Status, SessionStatusText.Abandoned)
            .Set(s => s.EndedAt, s => s.LastSeenAt)
            .Update();
        foreach (var session in stale)
        {
            session.Status = SessionStatusText.Abandoned;
            session.EndedAt = session.LastSeenAt;
        }
        Changed(db, [.. stale.Select(session => new SessionChange(session, SessionStatus.Active, SessionStatus.Abandoned))]);
        return stale.Count;
    }

    /// <summary>
    /// Erases every session of the player with <paramref name="playerId"/>, or else named <paramref name="playerName"/>, in
    /// every game and status: the hooks take what they derived from each session away first, then the sessions go.
    /// Returns how many sessions it erased.
    /// </summary>
    public int ErasePlayer(SessionStoreDb db, string? playerId, string? playerName)
    {
        var sessions = (playerId is not null
                ? db.Sessions.Where(s => s.PlayerId == playerId)
                : db.Sessions.Where(s => s.PlayerName == playerName))
            .LockedForUpdate(db)
            .ToList();
        if (sessions.Count == 0) return 0;
        Changed(db, [.. sessions.Select(session => new SessionChange(session, SessionStatusText.Parse(session.Status), To: null))]);
        foreach (var chunk in sessions.Select(s => s.Id).Chunk(500))
            db.Sessions.Where(s => chunk.Contains(s.Id)).Delete();
        return sessions.Count;
    }

    private SessionWriteOutcome ChangeActive(SessionStoreDb db, Guid id, byte[] tokenHash, SessionStatus to, Action<SessionRecord> change)
    {
        var key = id.ToString();
        var session = db.Sessions.Where(s => s.Id == key).LockedForUpdate(db).FirstOrDefault();
        if (SessionToken.Check(tokenHash, session?.TokenHash) is not SessionWriteRefusal.None and var refusal) return new(refusal, null);
        if (!session!.IsActive) return new(SessionWriteRefusal.Ended, session);
        change(session);
        db.Update(session);
        Changed(db, [new SessionChange(session, SessionStatus.Active, to)]);
        return new(SessionWriteRefusal.None, session);
    }

    private static void End(SessionRecord session, SessionStatus status, long now)
    {
        session.Status = SessionStatusText.Of(status);
        session.LastSeenAt = now;
        session.EndedAt = now;
    }

    private void Changed(SessionStoreDb db, IReadOnlyList<SessionChange> changes)
    {
        foreach (var hook in hooks) hook.Apply(db, changes);
    }
}
