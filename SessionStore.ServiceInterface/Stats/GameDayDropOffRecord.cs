using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>
/// A row of <c>game_day_dropoffs</c>: how many of a game's sessions started on a UTC day were abandoned at one level
/// (<see cref="LevelAxis"/>) or in one minute of play (<see cref="MinuteAxis"/>).
/// </summary>
[Table(TableName)]
public sealed class GameDayDropOffRecord
{
    public const string TableName = "game_day_dropoffs";
    public const int LevelAxis = 0;
    public const int MinuteAxis = 1;

    /// <summary>
    /// The highest level and minute counted on their own; higher ones count there ("this or more"), and negative levels
    /// not at all. Levels come from clients, so without a cap anyone could make a game's drop-off answer as long as the
    /// sessions they start. Migration 9 fills the table with the same caps.
    /// </summary>
    public const long MaxLevel = 1_000;
    public const long MaxMinute = 240;

    [PrimaryKey(0), Column("game", CanBeNull = false)] public required string Game { get; set; }
    [PrimaryKey(1), Column("day")] public long Day { get; set; }
    [PrimaryKey(2), Column("axis")] public int Axis { get; set; }
    [PrimaryKey(3), Column("value")] public long Value { get; set; }
    [Column("abandoned")] public long Abandoned { get; set; }
}
