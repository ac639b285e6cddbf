using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// A row of <c>leaderboard_rows</c>: one slot of a board (a player on a best-per-player board, a session on an
/// every-session one) in one period bucket, with the listed entry that holds it. Ranked by (sort key, time, session):
/// the sort key is the score, negated where higher is better, so the best is always first in one index.
/// </summary>
[Table(TableName)]
public sealed class BoardRowRecord
{
    public const string TableName = "leaderboard_rows";

    [PrimaryKey, Column("game", CanBeNull = false)] public required string Game { get; set; }
    [PrimaryKey, Column("period")] public int Period { get; set; }
    [PrimaryKey, Column("bucket")] public long Bucket { get; set; }
    [PrimaryKey, Column("slot", CanBeNull = false)] public required string Slot { get; set; }
    [Column("sort_key")] public long SortKey { get; set; }
    [Column("achieved_at")] public long AchievedAt { get; set; }
    [Column("session_id", CanBeNull = false)] public required string SessionId { get; set; }

    public static long SortKeyOf(ScoreOrder order, long score) => order == ScoreOrder.HigherIsBetter ? -score : score;

    public static string SlotOf(BoardEntries entries, EntryRecord entry) => entries == BoardEntries.BestPerPlayer ? entry.PlayerKey : entry.SessionId;
}
