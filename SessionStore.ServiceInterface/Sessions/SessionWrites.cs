using LinqToDB;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Sessions;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// The session writes. Each runs on the writer inside its batch's transaction; a change to an existing session is one
/// UPDATE … RETURNING whose WHERE is the whole check (the session, its token's hash, still active), so it reads, checks
/// and changes the row in one statement and, on PostgreSQL, waits for any other writer holding the row, then sees its
/// change. The sessions a batch changed reach every <see cref="ISessionChangeHook"/> once, at the end of the batch, in
/// the same transaction.
/// </summary>
/// <remarks>
/// The token's hash is compared in SQL: it is the SHA-256 of 256 random bits, so a comparison's timing tells nothing
/// that leads back to a token. A write that matches no row is told apart (no such session, another token, ended) by
/// reading the row, which only refused writes do.
/// </remarks>
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
        SessionStatements.Insert(db, session.Id, session.TokenHash, session.PlayerName, session.PlayerId, session.Game, session.Status, now, session.Metadata);
        Changed(db, new SessionChange(session, From: null, SessionStatus.Active));
        return session;
    }

    public SessionWriteOutcome Update(SessionStoreDb db, UpdateSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, request.Id, tokenHash, SessionStatus.Active, request.Score, request.Metadata?.ToJsonString(), now, endedAt: null);

    public SessionWriteOutcome Complete(SessionStoreDb db, CompleteSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, request.Id, tokenHash, SessionStatus.Completed, request.Score, metadata: null, now, endedAt: now);

    public SessionWriteOutcome Abandon(SessionStoreDb db, AbandonSession request, byte[] tokenHash, long now) =>
        ChangeActive(db, request.Id, tokenHash, SessionStatus.Abandoned, score: null, metadata: null, now, endedAt: now);

    /// <summary>
    /// Marks up to <paramref name="limit"/> active sessions with no heartbeat since <paramref name="cutoff"/> as abandoned,
    /// ended at their last heartbeat. Returns how many it marked.
    /// </summary>
    public int AbandonInactive(SessionStoreDb db, long cutoff, int limit)
    {
        var stale = db.Sessions
            .Where(s => s.Status == SessionStatusText.Active && s.LastSeenAt < cutoff)
            .OrderBy(s => s.LastSeenAt)
            .Take(limit)
            .Select(s => s.Id);
        // Checked again as the rows change: another instance's sweep, or a heartbeat, may have got there first.
        var abandoned = db.Sessions
            .Where(s => stale.Contains(s.Id) && s.Status == SessionStatusText.Active && s.LastSeenAt < cutoff)
            .Set(s => s.Status, SessionStatusText.Abandoned)
            .Set(s => s.EndedAt, s => s.LastSeenAt)
            .UpdateWithOutput((_, changed) => changed)
            .ToList();
        foreach (var session in abandoned) Changed(db, new SessionChange(session, SessionStatus.Active, SessionStatus.Abandoned));
        return abandoned.Count;
    }

    /// <summary>
    /// Erases every session of the player with <paramref name="playerId"/>, or else named <paramref name="playerName"/>, in
    /// every game and status: the hooks take what they derived from each session away first (with what the batch's earlier
    /// writes derived, so nothing refers to a session once it is gone), then the sessions go. Returns how many it erased.
    /// </summary>
    public int ErasePlayer(SessionStoreDb db, string? playerId, string? playerName)
    {
        var sessions = (playerId is not null
                ? db.Sessions.Where(s => s.PlayerId == playerId)
                : db.Sessions.Where(s => s.PlayerName == playerName))
            .LockedForUpdate(db)
            .ToList();
        if (sessions.Count == 0) return 0;
        var batch = Batch(db);
        foreach (var session in sessions) batch.Add(new SessionChange(session, SessionStatusText.Parse(session.Status), To: null));
        batch.ApplyNow(db);
        foreach (var chunk in sessions.Select(s => s.Id).Chunk(500))
            db.Sessions.Where(s => chunk.Contains(s.Id)).Delete();
        return sessions.Count;
    }

    /// <summary>
    /// Moves an active session to <paramref name="to"/> if the token's hash is its own, setting the last heartbeat and, where
    /// given, the score, metadata and end; what is not given keeps its stored value.
    /// </summary>
    private SessionWriteOutcome ChangeActive(
        SessionStoreDb db, Guid id, byte[] tokenHash, SessionStatus to, long? score, string? metadata, long now, long? endedAt)
    {
        var key = id.ToString();
        var changed = SessionStatements.ChangeActive<SessionRecord>(
            db, key, tokenHash, SessionStatusText.Active, SessionStatusText.Of(to), score, metadata, now, endedAt);
        if (changed is not null)
        {
            Changed(db, new SessionChange(changed, SessionStatus.Active, to));
            return new(SessionWriteRefusal.None, changed);
        }
        var session = db.Sessions.FirstOrDefault(s => s.Id == key);
        return SessionToken.Check(tokenHash, session?.TokenHash) is not SessionWriteRefusal.None and var refusal
            ? new(refusal, null)
            : new(SessionWriteRefusal.Ended, session);
    }

    private void Changed(SessionStoreDb db, SessionChange change) => Batch(db).Add(change);

    private SessionChangeBatch Batch(SessionStoreDb db) => db.BatchWork(() => new SessionChangeBatch(hooks));
}
