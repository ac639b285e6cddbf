using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>
/// A row of <c>game_days</c>: the sessions of one game that started on one UTC day (a Unix day number), and how many
/// of them have completed or been abandoned since, with the completed ones' total duration.
/// </summary>
[Table(TableName)]
public sealed class GameDayRecord
{
    public const string TableName = "game_days";

    [PrimaryKey(0), Column("game", CanBeNull = false)] public required string Game { get; set; }
    [PrimaryKey(1), Column("day")] public long Day { get; set; }
    [Column("started")] public long Started { get; set; }
    [Column("completed")] public long Completed { get; set; }
    [Column("abandoned")] public long Abandoned { get; set; }
    [Column("completed_duration_ms")] public long CompletedDurationMs { get; set; }
}
