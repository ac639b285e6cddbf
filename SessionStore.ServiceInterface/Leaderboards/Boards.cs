using LinqToDB;
using LinqToDB.Async;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// The boards: pages, ranks and the rows behind them. Reads go through the ranking index of <c>leaderboard_rows</c>:
/// a page is an index range, a rank a count of the entries before it in the same index. The writes keep the rows the best
/// listed entry of each slot, for one entry at a time (moderation) or a whole game (a change of rules, a rebuild).
/// </summary>
public static class Boards
{
    private static readonly string ListedText = StoredText.Of(EntryState.Listed);
    /// <summary>The most players a rank by name looks among (one name, several player ids).</summary>
    private const int NamesPlayers = 50;

    /// <summary>One row of a page, with what the answer shows of its entry.</summary>
    public sealed record PlacedEntry(long SortKey, long AchievedAt, string SessionId, string PlayerName, long Score)
    {
        public HighScore ToHighScore(long rank) => new(rank, PlayerName, Score, Guid.Parse(SessionId), UnixTime.ToDateTime(AchievedAt));
    }

    public static IQueryable<BoardRowRecord> Rows(SessionStoreDb db, string game, BoardPeriod period, long bucket)
    {
        var number = Periods.Number(period);
        return db.BoardRows.Where(r => r.Game == game && r.Period == number && r.Bucket == bucket);
    }

    public static async Task<GameRules> RulesAsync(SessionStoreDb db, string game, CancellationToken cancellationToken) =>
        (await db.Games.FirstOrDefaultAsync(g => g.Game == game, cancellationToken))?.Rules ?? GameRecord.DefaultRules;

    /// <summary>Up to <paramref name="take"/> rows after <paramref name="after"/> (or from the top), skipping <paramref name="skip"/>, best first.</summary>
    public static Task<List<PlacedEntry>> PageAsync(
        SessionStoreDb db, IQueryable<BoardRowRecord> rows, BoardCursor? after, int skip, int take, CancellationToken cancellationToken)
    {
        if (after is not null) rows = rows.Where(r => Sql.Row(r.SortKey, r.AchievedAt, r.SessionId) > Sql.Row(after.SortKey, after.AchievedAt, after.SessionId));
        return Placed(db, rows.OrderBy(r => r.SortKey).ThenBy(r => r.AchievedAt).ThenBy(r => r.SessionId).Skip(skip).Take(take))
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many rows rank before the place (sort key, time, session) given: its rank is one more.</summary>
    public static Task<long> CountBeforeAsync(IQueryable<BoardRowRecord> rows, long sortKey, long achievedAt, string sessionId, CancellationToken cancellationToken) =>
        rows.LongCountAsync(r => Sql.Row(r.SortKey, r.AchievedAt, r.SessionId) < Sql.Row(sortKey, achievedAt, sessionId), cancellationToken);

    /// <summary>The <paramref name="take"/> rows just before <paramref name="row"/>, best first (the page is ordered again after the join).</summary>
    public static IQueryable<PlacedEntry> Before(SessionStoreDb db, IQueryable<BoardRowRecord> rows, BoardRowRecord row, int take) =>
        Placed(db, rows
            .Where(r => Sql.Row(r.SortKey, r.AchievedAt, r.SessionId) < Sql.Row(row.SortKey, row.AchievedAt, row.SessionId))
            .OrderByDescending(r => r.SortKey).ThenByDescending(r => r.AchievedAt).ThenByDescending(r => r.SessionId).Take(take));

    /// <summary>
    /// The row a rank request names: the player's slot on a best-per-player board (the best of a name's players); on an
    /// every-session board the slot of the player's best listed session in the bucket, or of the session itself. Each is
    /// found through its key (the rows' primary key, the entries' player or name index), never by walking the ranking.
    /// Null when it has none on this board.
    /// </summary>
    public static async Task<BoardRowRecord?> RowOfAsync(
        SessionStoreDb db, IQueryable<BoardRowRecord> rows, GameRules rules, string game, BoardPeriod period, long bucket,
        string? playerId, string? playerName, Guid? sessionId, CancellationToken cancellationToken)
    {
        var entries = db.Entries.Where(e => e.Game == game);
        var ofPlayer = playerId is not null ? entries.Where(e => e.PlayerKey == EntryRecord.KeyOfId(playerId))
            : playerName is not null ? entries.Where(e => e.PlayerName == playerName)
            : entries.Where(e => e.SessionId == sessionId!.Value.ToString());
        List<string> slots;
        if (rules.Entries == BoardEntries.BestPerPlayer)
            slots = await ofPlayer.Select(e => e.PlayerKey).Distinct().Take(NamesPlayers).ToListAsync(cancellationToken);
        else
        {
            var listed = InBucket(ofPlayer.Where(e => e.State == ListedText), period, bucket);
            slots = await (rules.ScoreOrder == ScoreOrder.HigherIsBetter ? listed.OrderByDescending(e => e.Score) : listed.OrderBy(e => e.Score))
                .ThenBy(e => e.AchievedAt).ThenBy(e => e.SessionId).Select(e => e.SessionId).Take(1).ToListAsync(cancellationToken);
        }
        var found = await rows.Where(r => slots.Contains(r.Slot)).ToListAsync(cancellationToken);
        return found.OrderBy(r => r.SortKey).ThenBy(r => r.AchievedAt).ThenBy(r => r.SessionId, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>How many rows the board has, as the triggers on its rows count them.</summary>
    public static async Task<long> SizeAsync(SessionStoreDb db, string game, BoardPeriod period, long bucket, CancellationToken cancellationToken)
    {
        var number = Periods.Number(period);
        return await db.BoardSizes.Where(s => s.Game == game && s.Period == number && s.Bucket == bucket)
            .Select(s => (long?)s.Entries).FirstOrDefaultAsync(cancellationToken) ?? 0;
    }

    /// <summary>Rows with their entries' names and scores, in the order given.</summary>
    private static IQueryable<PlacedEntry> Placed(SessionStoreDb db, IQueryable<BoardRowRecord> ordered) =>
        from r in ordered
        join e in db.Entries on r.SessionId equals e.SessionId
        orderby r.SortKey, r.AchievedAt, r.SessionId
        select new PlacedEntry(r.SortKey, r.AchievedAt, r.SessionId, e.PlayerName, e.Score);

    /// <summary>The <paramref name="take"/> rows just after <paramref name="row"/>, best first.</summary>
    public static IQueryable<PlacedEntry> After(SessionStoreDb db, IQueryable<BoardRowRecord> rows, BoardRowRecord row, int take) =>
        Placed(db, rows
            .Where(r => Sql.Row(r.SortKey, r.AchievedAt, r.SessionId) > Sql.Row(row.SortKey, row.AchievedAt, row.SessionId))
            .OrderBy(r => r.SortKey).ThenBy(r => r.AchievedAt).ThenBy(r => r.SessionId).Take(take));

    public static IQueryable<EntryRecord> InBucket(IQueryable<EntryRecord> entries, BoardPeriod period, long bucket) => period switch
    {
        BoardPeriod.AllTime => entries,
        BoardPeriod.Day => entries.Where(e => e.Day == bucket),
        BoardPeriod.Week => entries.Where(e => e.Week == bucket),
        BoardPeriod.Month => entries.Where(e => e.Month == bucket),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>
    /// Puts the boards' slots of <paramref name="changed"/> (entries whose state changed, or that are gone) right again: each
    /// slot in each of their buckets is held by the best listed entry left for it, or by none. On the writer.
    /// </summary>
    public static void RecomputeSlots(SessionStoreDb db, string game, GameRules rules, IReadOnlyCollection<EntryRecord> changed)
    {
        var places = changed.SelectMany(e => Periods.All.Select(period => (Period: period, Bucket: e.BucketIn(period), Slot: BoardRowRecord.SlotOf(rules.Entries, e), e.PlayerKey)))
            .Distinct();
        foreach (var (period, bucket, slot, playerKey) in places)
        {
            var number = Periods.Number(period);
            db.BoardRows.Where(r => r.Game == game && r.Period == number && r.Bucket == bucket && r.Slot == slot).Delete();
            var candidates = InBucket(db.Entries.Where(e => e.Game == game && e.State == ListedText), period, bucket);
            candidates = rules.Entries == BoardEntries.BestPerPlayer ? candidates.Where(e => e.PlayerKey == playerKey) : candidates.Where(e => e.SessionId == slot);
            var best = (rules.ScoreOrder == ScoreOrder.HigherIsBetter ? candidates.OrderByDescending(e => e.Score) : candidates.OrderBy(e => e.Score))
                .ThenBy(e => e.AchievedAt).ThenBy(e => e.SessionId).FirstOrDefault();
            if (best is null) continue;
            db.Insert(new BoardRowRecord
            {
                Game = game, Period = number, Bucket = bucket, Slot = slot,
                SortKey = BoardRowRecord.SortKeyOf(rules.ScoreOrder, best.Score), AchievedAt = best.AchievedAt, SessionId = best.SessionId,
            });
        }
    }

    /// <summary>Ranks a whole game again from its listed entries, every period at once per statement. On the writer.</summary>
    public static void RebuildRows(SessionStoreDb db, string game, GameRules rules)
    {
        db.BoardRows.Where(r => r.Game == game).Delete();
        var listed = db.Entries.Where(e => e.Game == game && e.State == ListedText);
        var sign = rules.ScoreOrder == ScoreOrder.HigherIsBetter ? -1L : 1L;
        foreach (var period in Periods.All)
        {
            var number = Periods.Number(period);
            var bucketed = Bucketed(listed, period);
            if (rules.Entries == BoardEntries.EverySession)
            {
                bucketed.Insert(db.BoardRows, x => new BoardRowRecord
                {
                    Game = game, Period = number, Bucket = x.Bucket, Slot = x.SessionId, SortKey = x.Score * sign, AchievedAt = x.AchievedAt, SessionId = x.SessionId,
                });
                continue;
            }
            bucketed
                .Select(x => new
                {
                    x.SessionId, x.PlayerKey, x.Score, x.AchievedAt, x.Bucket,
                    Place = Sql.Ext.RowNumber().Over().PartitionBy(x.Bucket, x.PlayerKey).OrderBy(x.Score * sign).ThenBy(x.AchievedAt).ThenBy(x.SessionId).ToValue(),
                })
                .Where(x => x.Place == 1)
                .Insert(db.BoardRows, x => new BoardRowRecord
                {
                    Game = game, Period = number, Bucket = x.Bucket, Slot = x.PlayerKey, SortKey = x.Score * sign, AchievedAt = x.AchievedAt, SessionId = x.SessionId,
                });
        }
    }

    private static IQueryable<BucketedEntry> Bucketed(IQueryable<EntryRecord> entries, BoardPeriod period) => period switch
    {
        BoardPeriod.AllTime => entries.Select(e => new BucketedEntry { SessionId = e.SessionId, PlayerKey = e.PlayerKey, Score = e.Score, AchievedAt = e.AchievedAt, Bucket = 0 }),
        BoardPeriod.Day => entries.Select(e => new BucketedEntry { SessionId = e.SessionId, PlayerKey = e.PlayerKey, Score = e.Score, AchievedAt = e.AchievedAt, Bucket = e.Day }),
        BoardPeriod.Week => entries.Select(e => new BucketedEntry { SessionId = e.SessionId, PlayerKey = e.PlayerKey, Score = e.Score, AchievedAt = e.AchievedAt, Bucket = e.Week }),
        BoardPeriod.Month => entries.Select(e => new BucketedEntry { SessionId = e.SessionId, PlayerKey = e.PlayerKey, Score = e.Score, AchievedAt = e.AchievedAt, Bucket = e.Month }),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>Counts a change to the game's boards, for live streams.</summary>
    public static void Changed(SessionStoreDb db, string game) =>
        db.Games.Where(g => g.Game == game).Set(g => g.Version, g => g.Version + 1).Update();
}
