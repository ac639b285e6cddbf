using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>A row of <c>games</c>: a game's leaderboard rules. Enums are stored as <see cref="StoredText"/> spells them.</summary>
[Table(TableName)]
public sealed class GameRecord
{
    public const string TableName = "games";

    [PrimaryKey, Column("game", CanBeNull = false)] public required string Game { get; set; }
    [Column("score_order", CanBeNull = false)] public required string ScoreOrder { get; set; }
    [Column("entries", CanBeNull = false)] public required string Entries { get; set; }
    [Column("max_score")] public long? MaxScore { get; set; }
    [Column("min_duration_seconds")] public int? MinDurationSeconds { get; set; }
    [Column("created_at")] public long CreatedAt { get; set; }
    /// <summary>Counts the changes to the game's boards; live streams compare it to learn of one, from any instance.</summary>
    [Column("version")] public long Version { get; set; }

    /// <summary>A game's rules until an admin sets others. Games that had high scores before boards kept every session.</summary>
    public static GameRules DefaultRules { get; } = new(ServiceModel.ScoreOrder.HigherIsBetter, BoardEntries.BestPerPlayer, MaxScore: null, MinDurationSeconds: null);

    public GameRules Rules => new(StoredText.Parse<ServiceModel.ScoreOrder>(ScoreOrder), StoredText.Parse<BoardEntries>(Entries), MaxScore, MinDurationSeconds);

    public static GameRecord New(string game, GameRules rules, long now) => new()
    {
        Game = game,
        ScoreOrder = StoredText.Of(rules.ScoreOrder),
        Entries = StoredText.Of(rules.Entries),
        MaxScore = rules.MaxScore,
        MinDurationSeconds = rules.MinDurationSeconds,
        CreatedAt = now,
    };
}
