using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>A row of <c>high_scores</c>: the score a completed session ended with.</summary>
[Table(TableName)]
public sealed class HighScoreRecord
{
    public const string TableName = "high_scores";

    [PrimaryKey, Column("session_id", CanBeNull = false)] public required string SessionId { get; set; }
    [Column("game")] public required string Game { get; set; }
    [Column("player_name")] public required string PlayerName { get; set; }
    [Column("score")] public long Score { get; set; }
    [Column("achieved_at")] public long AchievedAt { get; set; }
}
