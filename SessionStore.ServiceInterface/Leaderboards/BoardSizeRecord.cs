using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>A row of <c>leaderboard_sizes</c>: how many rows one board has in one period bucket, kept by the database's triggers.</summary>
[Table(TableName)]
public sealed class BoardSizeRecord
{
    public const string TableName = "leaderboard_sizes";

    [PrimaryKey, Column("game", CanBeNull = false)] public required string Game { get; set; }
    [PrimaryKey, Column("period")] public int Period { get; set; }
    [PrimaryKey, Column("bucket")] public long Bucket { get; set; }
    [Column("entries")] public long Entries { get; set; }
}
