using LinqToDB.Mapping;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>A row of <c>leaderboard_bans</c>: a player id or name banned from one game's boards.</summary>
[Table(TableName)]
public sealed class BanRecord
{
    public const string TableName = "leaderboard_bans";

    [PrimaryKey, Column("game", CanBeNull = false)] public required string Game { get; set; }
    [PrimaryKey, Column("player_key", CanBeNull = false)] public required string PlayerKey { get; set; }
    [Column("player_id")] public string? PlayerId { get; set; }
    [Column("player_name")] public string? PlayerName { get; set; }
    [Column("reason", CanBeNull = false)] public required string Reason { get; set; }
    [Column("banned_at")] public long BannedAt { get; set; }

    public PlayerBan ToBan() => new(Game, PlayerId, PlayerName, Reason, UnixTime.ToDateTime(BannedAt));
}
