using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>A row of <c>leaderboard_decisions</c>: an admin hid an entry, or released a held one. Kept as long as the session.</summary>
[Table(TableName)]
public sealed class DecisionRecord
{
    public const string TableName = "leaderboard_decisions";

    [PrimaryKey, Column("session_id", CanBeNull = false)] public required string SessionId { get; set; }
    [Column("game", CanBeNull = false)] public required string Game { get; set; }
    [Column("decision", CanBeNull = false)] public required string Decision { get; set; }
    [Column("reason")] public string? Reason { get; set; }
    [Column("decided_at")] public long DecidedAt { get; set; }
}
