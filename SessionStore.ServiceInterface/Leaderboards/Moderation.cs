using System.Net;
using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Leaderboards;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// The admin's changes to games and boards, each on the writer in one transaction with its audit record: rules, hiding
/// and releasing entries, bans, and erasing a player's data through the sessions' own erase. Each one judges the entries
/// it touches again and ranks their slots again, and counts a change to the game's boards for live streams.
/// Refusals throw <see cref="ModerationRefusedException"/>, so nothing of the write is kept.
/// </summary>
public sealed class Moderation(AuditLog audit, SessionWrites sessions, TimeProvider time)
{
    private const int Chunk = 500;
    private static readonly string HiddenText = StoredText.Of(Decision.Hidden);
    private static readonly string ReleasedText = StoredText.Of(Decision.Released);

    public GameResponse SetRules(SessionStoreDb db, SetGameRules request, IPAddress? admin)
    {
        var now = UnixTime.Now(time);
        var rules = new GameRules(request.ScoreOrder!.Value, request.Entries!.Value, request.MaxScore, request.MinDurationSeconds);
        var stored = GameRecord.New(request.Game, rules, now);
        EntryStatements.EnsureGame(db, request.Game, stored.ScoreOrder, stored.Entries, now);
        db.Games.Where(g => g.Game == request.Game)
            .Set(g => g.ScoreOrder, stored.ScoreOrder)
            .Set(g => g.Entries, stored.Entries)
            .Set(g => g.MaxScore, rules.MaxScore)
            .Set(g => g.MinDurationSeconds, rules.MinDurationSeconds)
            .Set(g => g.Version, g => g.Version + 1)
            .Update();
        Rejudge(db, request.Game, rules, db.Entries.Where(e => e.Game == request.Game));
        Boards.RebuildRows(db, request.Game, rules);
        audit.Record(db, now, AuditAction.SetRules, request.Game, $"game {request.Game}",
            request.Reason, admin);
        return new GameResponse(request.Game, rules);
    }

    public GameEntry Hide(SessionStoreDb db, HideEntry request, IPAddress? admin)
    {
        var (entry, decision) = EntryOf(db, request.Game, request.SessionId);
        if (decision?.Decision == HiddenText) throw ModerationRefusedException.Conflict($"The entry of session {request.SessionId} is hidden already.");
        Decide(db, entry, Decision.Hidden, request.Reason);
        return Changed(db, entry, AuditAction.HideEntry, request.Reason, admin);
    }

    public GameEntry Unhide(SessionStoreDb db, UnhideEntry request, IPAddress? admin)
    {
        var (entry, decision) = EntryOf(db, request.Game, request.SessionId);
        if (decision?.Decision != HiddenText)
            throw ModerationRefusedException.Conflict(entry.Verdict.Reason == EntryReason.PlayerBanned
                ? $"The entry of session {request.SessionId} is hidden because its player is banned: lift the ban to show it."
                : $"The entry of session {request.SessionId} is not hidden by an admin.");
        db.Decisions.Where(d => d.SessionId == entry.SessionId).Delete();
        return Changed(db, entry, AuditAction.UnhideEntry, request.Reason, admin);
    }

    public GameEntry Release(SessionStoreDb db, ReleaseEntry request, IPAddress? admin)
    {
        var (entry, _) = EntryOf(db, request.Game, request.SessionId);
        if (entry.Verdict.State != EntryState.Held)
            throw ModerationRefusedException.Conflict($"The entry of session {request.SessionId} is not held (it is {StoredText.Of(entry.Verdict.State)}).");
        Decide(db, entry, Decision.Released, request.Reason);
        return Changed(db, entry, AuditAction.ReleaseEntry, request.Reason, admin);
    }

    public PlayerBan Ban(SessionStoreDb db, BanPlayer request, IPAddress? admin)
    {
        var now = UnixTime.Now(time);
        var (playerId, playerName) = (request.PlayerId, request.PlayerName);
        if (request.SessionId is { } sessionId)
        {
            var (entry, _) = EntryOf(db, request.Game, sessionId);
            (playerId, playerName) = entry.PlayerId is { } id ? (id, (string?)null) : ((string?)null, entry.PlayerName);
        }
        var ban = new BanRecord
        {
            Game = request.Game,
            PlayerKey = KeyOf(playerId, playerName),
            PlayerId = playerId,
            PlayerName = playerName,
            Reason = request.Reason!.Trim(),
            BannedAt = now,
        };
        if (db.Bans.Any(b => b.Game == ban.Game && b.PlayerKey == ban.PlayerKey))
            throw ModerationRefusedException.Conflict($"{Describe(playerId, playerName)} is banned from {request.Game} already.");
        db.Insert(ban);
        PlayerChanged(db, request.Game, playerId, playerName);
        audit.Record(db, now, AuditAction.BanPlayer, request.Game, Describe(playerId, playerName), request.Reason, admin);
        return ban.ToBan();
    }

    public PlayerBan Lift(SessionStoreDb db, LiftBan request, IPAddress? admin)
    {
        var key = KeyOf(request.PlayerId, request.PlayerName);
        var ban = db.Bans.FirstOrDefault(b => b.Game == request.Game && b.PlayerKey == key)
                  ?? throw ModerationRefusedException.NotFound($"{Describe(request.PlayerId, request.PlayerName)} is not banned from {request.Game}.");
        db.Bans.Where(b => b.Game == request.Game && b.PlayerKey == key).Delete();
        PlayerChanged(db, request.Game, request.PlayerId, request.PlayerName);
        audit.Record(db, UnixTime.Now(time), AuditAction.LiftBan, request.Game, Describe(request.PlayerId, request.PlayerName), request.Reason, admin);
        return ban.ToBan();
    }

    /// <summary>The player's sessions go through the sessions' erase, which takes their entries off the boards first; the audit keeps a hash of the player.</summary>
    public ErasedPlayer Erase(SessionStoreDb db, ErasePlayer request, IPAddress? admin)
    {
        var ofPlayer = request.PlayerId is { } id ? db.Sessions.Where(s => s.PlayerId == id) : db.Sessions.Where(s => s.PlayerName == request.PlayerName);
        var entries = db.Entries.LongCount(e => ofPlayer.Any(s => s.Id == e.SessionId));
        var erased = sessions.ErasePlayer(db, request.PlayerId, request.PlayerName);
        audit.Record(db, UnixTime.Now(time), AuditAction.ErasePlayer, game: null,
            $"player #{audit.Hash(db, KeyOf(request.PlayerId, request.PlayerName))}", request.Reason, admin);
        return new ErasedPlayer(erased, entries);
    }

    private static string KeyOf(string? playerId, string? playerName) =>
        playerId is not null ? EntryRecord.KeyOfId(playerId) : EntryRecord.KeyOfName(playerName!);

    private static string Describe(string? playerId, string? playerName) =>
        playerId is not null ? $"playerId {playerId}" : $"playerName {playerName}";

    private static (EntryRecord Entry, DecisionRecord? Decision) EntryOf(SessionStoreDb db, string game, Guid sessionId)
    {
        var key = sessionId.ToString();
        var entry = db.Entries.FirstOrDefault(e => e.SessionId == key && e.Game == game)
                    ?? throw ModerationRefusedException.NotFound($"Game {game} has no entry of session {sessionId}.");
        return (entry, db.Decisions.FirstOrDefault(d => d.SessionId == key));
    }

    private void Decide(SessionStoreDb db, EntryRecord entry, Decision decision, string? reason) =>
        db.InsertOrReplace(new DecisionRecord
        {
            SessionId = entry.SessionId,
            Game = entry.Game,
            Decision = StoredText.Of(decision),
            Reason = reason?.Trim(),
            DecidedAt = UnixTime.Now(time),
        });

    /// <summary>After a decision about one entry: judged and ranked again, counted, audited; answers the entry as it now stands.</summary>
    private GameEntry Changed(SessionStoreDb db, EntryRecord entry, AuditAction action, string? reason, IPAddress? admin)
    {
        var rules = RulesOf(db, entry.Game);
        Rejudge(db, entry.Game, rules, db.Entries.Where(e => e.SessionId == entry.SessionId));
        Boards.RecomputeSlots(db, entry.Game, rules, [entry]);
        Boards.Changed(db, entry.Game);
        audit.Record(db, UnixTime.Now(time), action, entry.Game, $"session {entry.SessionId}", reason, admin);
        return GameEntries.Read(db, entry.Game, db.Entries.Where(e => e.SessionId == entry.SessionId)).Single();
    }

    /// <summary>After a ban or its lifting: every entry under the id, or under the name, is judged and ranked again.</summary>
    private static void PlayerChanged(SessionStoreDb db, string game, string? playerId, string? playerName)
    {
        var rules = RulesOf(db, game);
        var entries = playerId is not null
            ? db.Entries.Where(e => e.Game == game && e.PlayerKey == EntryRecord.KeyOfId(playerId))
            : db.Entries.Where(e => e.Game == game && e.PlayerName == playerName);
        var changed = Rejudge(db, game, rules, entries);
        Boards.RecomputeSlots(db, game, rules, changed);
        Boards.Changed(db, game);
    }

    private static GameRules RulesOf(SessionStoreDb db, string game) => db.Games.FirstOrDefault(g => g.Game == game)?.Rules ?? GameRecord.DefaultRules;

    /// <summary>
    /// Judges <paramref name="entries"/> of one game again by its rules, bans and decisions, a chunk at a time, and stores
    /// the verdicts that changed. Returns the entries that changed, as they were before.
    /// </summary>
    private static List<EntryRecord> Rejudge(SessionStoreDb db, string game, GameRules rules, IQueryable<EntryRecord> entries)
    {
        var bans = db.Bans.Where(b => b.Game == game).ToDictionary(b => b.PlayerKey, b => b.BannedAt);
        var changed = new List<EntryRecord>();
        var after = "";
        while (true)
        {
            var from = after;
            var chunk = entries.Where(e => e.SessionId.CompareTo(from) > 0).OrderBy(e => e.SessionId).Take(Chunk).ToList();
            if (chunk.Count == 0) return changed;
            after = chunk[^1].SessionId;
            var ids = chunk.Select(e => e.SessionId).ToList();
            var decisions = db.Decisions.Where(d => ids.Contains(d.SessionId)).ToDictionary(d => d.SessionId, d => StoredText.Parse<Decision>(d.Decision));
            var verdicts = chunk
                .Select(entry => (Entry: entry, Verdict: EntryVerdict.Of(entry, rules, BannedAt(bans, entry), decisions.TryGetValue(entry.SessionId, out var d) ? d : null)))
                .Where(judged => judged.Verdict != judged.Entry.Verdict)
                .ToList();
            foreach (var group in verdicts.GroupBy(judged => judged.Verdict))
            {
                var changedIds = group.Select(judged => judged.Entry.SessionId).ToList();
                db.Entries.Where(e => changedIds.Contains(e.SessionId)).Set(e => e.State, group.Key.StateText).Set(e => e.Reason, group.Key.ReasonText).Update();
            }
            changed.AddRange(verdicts.Select(judged => judged.Entry));
        }
    }

    /// <summary>When the entry's player was first banned: by the id its session had, or by its name.</summary>
    public static long? BannedAt(IReadOnlyDictionary<string, long> bans, EntryRecord entry)
    {
        long? byId = entry.PlayerId is { } id && bans.TryGetValue(EntryRecord.KeyOfId(id), out var idBan) ? idBan : null;
        long? byName = bans.TryGetValue(EntryRecord.KeyOfName(entry.PlayerName), out var nameBan) ? nameBan : null;
        return byId is null ? byName : byName is null ? byId : Math.Min(byId.Value, byName.Value);
    }
}
