using LinqToDB;
using LinqToDB.Data;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Leaderboards;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// After a recovery, the entries and boards are derived again from the completed sessions that came back, judged by the
/// games, bans and decisions that came back with them (which are kept, not derived). A game with no rules row gets the defaults.
/// </summary>
internal sealed class LeaderboardsFromSessions : IDerivedData
{
    private const int Chunk = 10_000;

    public IReadOnlyList<string> Tables => [EntryRecord.TableName, BoardRowRecord.TableName, BoardSizeRecord.TableName];

    public void Rebuild(SessionStoreDb db)
    {
        db.BoardRows.Delete();
        db.BoardSizes.Delete(); // counted again by the triggers as the rows go back
        db.Entries.Delete();
        var games = db.Games.ToDictionary(g => g.Game, g => g.Rules);
        var bans = db.Bans.ToList().GroupBy(b => b.Game).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(b => b.PlayerKey, b => b.BannedAt));
        var decisions = db.Decisions.ToDictionary(d => d.SessionId, d => StoredText.Parse<Decision>(d.Decision));
        var noBans = new Dictionary<string, long>();
        var after = "";
        while (true)
        {
            var from = after;
            var sessions = db.Sessions
                .Where(s => s.Status == SessionStatusText.Completed && s.PlayerName != null && s.Score != null && s.EndedAt != null && s.Id.CompareTo(from) > 0)
                .OrderBy(s => s.Id).Take(Chunk).ToList();
            if (sessions.Count == 0) break;
            after = sessions[^1].Id;
            var entries = new List<EntryRecord>(sessions.Count);
            foreach (var session in sessions)
            {
                if (!games.TryGetValue(session.Game, out var rules))
                {
                    var defaults = GameRecord.New(session.Game, GameRecord.DefaultRules, session.EndedAt!.Value);
                    EntryStatements.EnsureGame(db, session.Game, defaults.ScoreOrder, defaults.Entries, defaults.CreatedAt);
                    games[session.Game] = rules = GameRecord.DefaultRules;
                }
                var entry = EntryRecord.Of(session);
                entry.Verdict = EntryVerdict.Of(entry, rules, Moderation.BannedAt(bans.GetValueOrDefault(session.Game) ?? noBans, entry),
                    decisions.TryGetValue(session.Id, out var decision) ? decision : null);
                entries.Add(entry);
            }
            db.BulkCopy(entries);
        }
        foreach (var (game, rules) in games) Boards.RebuildRows(db, game, rules);
    }
}
