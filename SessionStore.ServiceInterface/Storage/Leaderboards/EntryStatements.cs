using LinqToDB;
using LinqToDB.Data;

namespace SessionStore.ServiceInterface.Storage.Leaderboards;

/// <summary>
/// What a completion that enters a board costs the single writer: two statements, written out rather than built from
/// LINQ, since building a statement through linq2db costs several times what SQLite takes to run it (docs/benchmarks.md).
/// The same SQL runs on SQLite (3.35 or later, for RETURNING) and PostgreSQL.
/// </summary>
public static class EntryStatements
{
    /// <summary>The game's rules as stored, and the earliest ban of either of the player's keys; what <see cref="ClaimGame"/> returns.</summary>
    public sealed class GameForEntry
    {
        public string ScoreOrder { get; set; } = "";
        public string Entries { get; set; } = "";
        public long? MaxScore { get; set; }
        public int? MinDurationSeconds { get; set; }
        public long? BannedAt { get; set; }
    }

    /// <summary>An entry's columns, and its board slot with the buckets it belongs to when it is listed.</summary>
    public sealed record NewEntry(
        string SessionId, string Game, string PlayerKey, string? PlayerId, string PlayerName, long Score, long AchievedAt, long DurationMs,
        long Day, long Week, long Month, string State, string? Reason);

    /// <summary>Where a listed entry goes on the boards: its slot, its sort key, and its bucket per period number.</summary>
    public sealed record BoardPlace(string Slot, long SortKey, IReadOnlyList<(int Period, long Bucket)> Buckets);

    private const string Claim = """
        UPDATE games SET version = version + 1 WHERE game = @game
        RETURNING score_order AS ScoreOrder, entries AS Entries, max_score AS MaxScore, min_duration_seconds AS MinDurationSeconds,
                  (SELECT MIN(b.banned_at) FROM leaderboard_bans b WHERE b.game = @game AND b.player_key IN (@idKey, @nameKey)) AS BannedAt
        """;

    private const string InsertEntry = """
        INSERT INTO leaderboard_entries (session_id, game, player_key, player_id, player_name, score, achieved_at, duration_ms, day, week, month, state, reason)
        VALUES (@sessionId, @game, @playerKey, @playerId, @playerName, @score, @achievedAt, @durationMs, @day, @week, @month, @state, @reason);
        """;

    /// <summary>
    /// Counts a change to the game's boards (its version) and reads its rules and the player's ban with it, in one statement
    /// that also holds the game's row until the transaction ends: on PostgreSQL an admin changing the rules in another
    /// instance waits, then ranks this entry too. Null when the game has no row yet.
    /// </summary>
    public static GameForEntry? ClaimGame(SessionStoreDb db, string game, string? idKey, string nameKey) =>
        db.Query<GameForEntry>(Claim,
            new DataParameter("game", game, DataType.NVarChar),
            new DataParameter("idKey", idKey, DataType.NVarChar),
            new DataParameter("nameKey", nameKey, DataType.NVarChar)).FirstOrDefault();

    /// <summary>Gives a game its first rules, unless it has some: another instance may have given them a moment ago.</summary>
    public static void EnsureGame(SessionStoreDb db, string game, string scoreOrder, string entries, long createdAt) =>
        db.Execute("""
            INSERT INTO games (game, score_order, entries, max_score, min_duration_seconds, created_at, version)
            VALUES (@game, @scoreOrder, @entries, NULL, NULL, @createdAt, 0) ON CONFLICT (game) DO NOTHING
            """,
            new DataParameter("game", game, DataType.NVarChar), new DataParameter("scoreOrder", scoreOrder, DataType.NVarChar),
            new DataParameter("entries", entries, DataType.NVarChar), new DataParameter("createdAt", createdAt, DataType.Int64));

    /// <summary>
    /// Inserts the entry and, when it is listed, puts it on the game's boards: each period's slot takes it unless the
    /// slot already holds a better or earlier one (on an every-session board a slot is the session, so it is always new).
    /// </summary>
    public static void Insert(SessionStoreDb db, NewEntry entry, BoardPlace? place)
    {
        var parameters = new List<DataParameter>
        {
            new("sessionId", entry.SessionId, DataType.NVarChar), new("game", entry.Game, DataType.NVarChar),
            new("playerKey", entry.PlayerKey, DataType.NVarChar), new("playerId", entry.PlayerId, DataType.NVarChar),
            new("playerName", entry.PlayerName, DataType.NVarChar), new("score", entry.Score, DataType.Int64),
            new("achievedAt", entry.AchievedAt, DataType.Int64), new("durationMs", entry.DurationMs, DataType.Int64),
            new("day", entry.Day, DataType.Int64), new("week", entry.Week, DataType.Int64), new("month", entry.Month, DataType.Int64),
            new("state", entry.State, DataType.NVarChar), new("reason", entry.Reason, DataType.NVarChar),
        };
        var sql = InsertEntry;
        if (place is not null)
        {
            parameters.Add(new("slot", place.Slot, DataType.NVarChar));
            parameters.Add(new("sortKey", place.SortKey, DataType.Int64));
            var values = new List<string>();
            foreach (var (period, bucket) in place.Buckets)
            {
                values.Add($"(@game, {period}, @bucket{period}, @slot, @sortKey, @achievedAt, @sessionId)");
                parameters.Add(new($"bucket{period}", bucket, DataType.Int64));
            }
            sql += $"""
                INSERT INTO leaderboard_rows (game, period, bucket, slot, sort_key, achieved_at, session_id) VALUES {string.Join(", ", values)}
                ON CONFLICT (game, period, bucket, slot) DO UPDATE
                SET sort_key = excluded.sort_key, achieved_at = excluded.achieved_at, session_id = excluded.session_id
                WHERE (excluded.sort_key, excluded.achieved_at, excluded.session_id) < (leaderboard_rows.sort_key, leaderboard_rows.achieved_at, leaderboard_rows.session_id);
                """;
        }
        db.Execute(sql, [.. parameters]);
    }
}
