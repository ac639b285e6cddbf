using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>Entries as an admin sees them: with the player's id and, for a held or hidden one, why.</summary>
public static class GameEntries
{
    public static List<GameEntry> Read(SessionStoreDb db, string game, IQueryable<EntryRecord> entries)
    {
        var page = entries.ToList();
        var ids = page.Select(e => e.SessionId).ToList();
        var decisions = db.Decisions.Where(d => ids.Contains(d.SessionId)).ToDictionary(d => d.SessionId, d => d.Reason);
        var keys = page.SelectMany(e => e.PlayerId is { } id ? new[] { EntryRecord.KeyOfId(id), EntryRecord.KeyOfName(e.PlayerName) } : [EntryRecord.KeyOfName(e.PlayerName)])
            .Distinct().ToList();
        var bans = db.Bans.Where(b => b.Game == game && keys.Contains(b.PlayerKey)).ToList();
        var rules = db.Games.FirstOrDefault(g => g.Game == game)?.Rules ?? GameRecord.DefaultRules;
        return [.. page.Select(entry =>
        {
            var verdict = entry.Verdict;
            var detail = verdict.Reason switch
            {
                EntryReason.HiddenByAdmin => decisions.GetValueOrDefault(entry.SessionId),
                EntryReason.PlayerBanned => bans.Where(b => b.PlayerKey == entry.PlayerKey || b.PlayerKey == EntryRecord.KeyOfName(entry.PlayerName))
                    .OrderBy(b => b.BannedAt).Select(b => b.Reason).FirstOrDefault(),
                EntryReason.AboveMaxScore => $"score {entry.Score} is above maxScore {rules.MaxScore}",
                EntryReason.BelowMinDuration => $"lasted {entry.DurationMs / 1000.0:0.###} s, under minDurationSeconds {rules.MinDurationSeconds}",
                _ => null,
            };
            return new GameEntry(Guid.Parse(entry.SessionId), entry.Game, entry.PlayerName, entry.PlayerId, entry.Score,
                UnixTime.ToDateTime(entry.AchievedAt), entry.DurationMs / 1000.0, verdict.State, verdict.Reason, detail);
        })];
    }
}
