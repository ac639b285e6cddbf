using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Leaderboards;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// Enters each session that completes with a player name and a score into its game's boards, judged by the game's rules
/// and bans (a game seen for the first time gets the default rules); takes an erased session's entry off them.
/// </summary>
public sealed class LeaderboardEntries : ISessionChangeHook
{
    public void Apply(SessionStoreDb db, IReadOnlyList<SessionChange> changes)
    {
        List<string>? erased = null;
        foreach (var change in changes)
        {
            if (change.Erased) (erased ??= []).Add(change.Session.Id);
            else if (change is { Ended: true, To: SessionStatus.Completed, Session: { PlayerName: not null, Score: not null, EndedAt: not null } session })
                Enter(db, session);
        }
        if (erased is not null) Forget(db, erased);
    }

    private static void Enter(SessionStoreDb db, SessionRecord session)
    {
        var entry = EntryRecord.Of(session);
        var idKey = session.PlayerId is { } id ? EntryRecord.KeyOfId(id) : null;
        var nameKey = EntryRecord.KeyOfName(entry.PlayerName);
        var game = EntryStatements.ClaimGame(db, entry.Game, idKey, nameKey);
        if (game is null)
        {
            var defaults = GameRecord.New(entry.Game, GameRecord.DefaultRules, entry.AchievedAt);
            EntryStatements.EnsureGame(db, entry.Game, defaults.ScoreOrder, defaults.Entries, defaults.CreatedAt);
            game = EntryStatements.ClaimGame(db, entry.Game, idKey, nameKey)!;
        }
        var rules = new GameRules(StoredText.Parse<ScoreOrder>(game.ScoreOrder), StoredText.Parse<BoardEntries>(game.Entries), game.MaxScore, game.MinDurationSeconds);
        var verdict = EntryVerdict.Of(entry, rules, game.BannedAt, decision: null);
        var place = verdict.IsListed
            ? new EntryStatements.BoardPlace(BoardRowRecord.SlotOf(rules.Entries, entry), BoardRowRecord.SortKeyOf(rules.ScoreOrder, entry.Score))
            : null;
        EntryStatements.Insert(db, new EntryStatements.NewEntry(entry.SessionId, entry.Game, entry.PlayerKey, entry.PlayerId, entry.PlayerName,
            entry.Score, entry.AchievedAt, entry.DurationMs, entry.Day, entry.Week, entry.Month, verdict.StateText, verdict.ReasonText), place);
    }

    /// <summary>Erased sessions: their entries and the decisions about them go (before the sessions, which they refer to), and their slots are ranked again.</summary>
    private static void Forget(SessionStoreDb db, List<string> sessionIds)
    {
        foreach (var chunk in sessionIds.Chunk(500))
        {
            var gone = db.Entries.Where(e => chunk.Contains(e.SessionId)).ToList();
            db.Decisions.Where(d => chunk.Contains(d.SessionId)).Delete();
            db.Entries.Where(e => chunk.Contains(e.SessionId)).Delete();
            foreach (var game in gone.GroupBy(e => e.Game))
            {
                var rules = db.Games.FirstOrDefault(g => g.Game == game.Key)?.Rules ?? GameRecord.DefaultRules;
                Boards.RecomputeSlots(db, game.Key, rules, [.. game]);
                Boards.Changed(db, game.Key);
            }
        }
    }
}
