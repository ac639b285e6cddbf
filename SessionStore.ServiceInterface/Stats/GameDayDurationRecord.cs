using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>A row of <c>game_day_durations</c>: how many of a game's sessions started on a UTC day completed within one <see cref="DurationBuckets"/> bucket.</summary>
[Table(TableName)]
public sealed class GameDayDurationRecord
{
    public const string TableName = "game_day_durations";

    [PrimaryKey(0), Column("game", CanBeNull = false)] public required string Game { get; set; }
    [PrimaryKey(1), Column("day")] public long Day { get; set; }
    [PrimaryKey(2), Column("bucket")] public int Bucket { get; set; }
    [Column("completed")] public long Completed { get; set; }
}
