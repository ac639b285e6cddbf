using LinqToDB;
using LinqToDB.Data;

namespace SessionStore.ServiceInterface.Storage.Leaderboards;

/// <summary>
/// What a completion that enters a board costs the single writer: two statements, written out rather than built from
/// LINQ, since building a statement through linq2db costs several times what SQLite takes to run it (docs/benchmarks.md).
/// Each is prepared once per writer connection (<see cref="PreparedCommands"/>). The same SQL runs on SQLite (3.35 or
/// later, for RETURNING) and PostgreSQL.
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

    /// <summary>Where a listed entry goes on the boards: its slot and its sort key (its buckets are the entry's own).</summary>
    public sealed record BoardPlace(string Slot, long SortKey);

    private const string Claim = """
        UPDATE games SET version = version + 1 WHERE game = @p0
        RETURNING score_order, entries, max_score, min_duration_seconds,
                  (SELECT MIN(b.banned_at) FROM leaderboard_bans b WHERE b.game = @p0 AND b.player_key IN (@p1, @p2))
        """;

    private const string InsertEntry = """
        INSERT INTO leaderboard_entries (session_id, game, player_key, player_id, player_name, score, achieved_at, duration_ms, day, week, month, state, reason)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)
        """;

    /// <summary>A listed entry's four slots (all time, day, week, month), each kept unless it already holds a better or earlier entry.</summary>
    private const string PlaceEntry = """
        INSERT INTO leaderboard_rows (game, period, bucket, slot, sort_key, achieved_at, session_id)
        VALUES (@p0, 0, 0, @p1, @p2, @p3, @p4), (@p0, 1, @p5, @p1, @p2, @p3, @p4), (@p0, 2, @p6, @p1, @p2, @p3, @p4), (@p0, 3, @p7, @p1, @p2, @p3, @p4)
        ON CONFLICT (game, period, bucket, slot) DO UPDATE
        SET sort_key = excluded.sort_key, achieved_at = excluded.achieved_at, session_id = excluded.session_id
        WHERE (excluded.sort_key, excluded.achieved_at, excluded.session_id) < (leaderboard_rows.sort_key, leaderboard_rows.achieved_at, leaderboard_rows.session_id)
        """;

    /// <summary>
    /// Counts a change to the game's boards (its version) and reads its rules and the player's ban with it, in one statement
    /// that also holds the game's row until the transaction ends: on PostgreSQL an admin changing the rules in another
    /// instance waits, then ranks this entry too. Null when the game has no row yet.
    /// </summary>
    public static GameForEntry? ClaimGame(SessionStoreDb db, string game, string? idKey, string nameKey)
    {
        using var reader = PreparedCommands.Ready(db, Claim, game, idKey, nameKey).ExecuteReader();
        if (!reader.Read()) return null;
        return new GameForEntry
        {
            ScoreOrder = reader.GetString(0),
            Entries = reader.GetString(1),
            MaxScore = reader.IsDBNull(2) ? null : reader.GetInt64(2),
            MinDurationSeconds = reader.IsDBNull(3) ? null : reader.GetInt32(3),
            BannedAt = reader.IsDBNull(4) ? null : reader.GetInt64(4),
        };
    }

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
        PreparedCommands.Ready(db, InsertEntry, entry.SessionId, entry.Game, entry.PlayerKey, entry.PlayerId, entry.PlayerName, entry.Score, entry.AchievedAt,
            entry.DurationMs, entry.Day, entry.Week, entry.Month, entry.State, entry.Reason).ExecuteNonQuery();
        if (place is null) return;
        PreparedCommands.Ready(db, PlaceEntry, entry.Game, place.Slot, place.SortKey, entry.AchievedAt, entry.SessionId, entry.Day, entry.Week, entry.Month).ExecuteNonQuery();
    }
}
