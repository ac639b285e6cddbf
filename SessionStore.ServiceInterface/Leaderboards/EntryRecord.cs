using LinqToDB.Mapping;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// A row of <c>leaderboard_entries</c>: a completed session with a player name and a score, whether it is listed, held or
/// hidden and why, and its bucket in each period. Boards rank the listed ones.
/// </summary>
[Table(TableName)]
public sealed class EntryRecord
{
    public const string TableName = "leaderboard_entries";

    [PrimaryKey, Column("session_id", CanBeNull = false)] public required string SessionId { get; set; }
    [Column("game", CanBeNull = false)] public required string Game { get; set; }
    /// <summary>Whom a best-per-player board counts as one player: the player's id if the session had one, else the name.</summary>
    [Column("player_key", CanBeNull = false)] public required string PlayerKey { get; set; }
    [Column("player_id")] public string? PlayerId { get; set; }
    [Column("player_name", CanBeNull = false)] public required string PlayerName { get; set; }
    [Column("score")] public long Score { get; set; }
    [Column("achieved_at")] public long AchievedAt { get; set; }
    [Column("duration_ms")] public long DurationMs { get; set; }
    [Column("day")] public long Day { get; set; }
    [Column("week")] public long Week { get; set; }
    [Column("month")] public long Month { get; set; }
    [Column("state", CanBeNull = false)] public required string State { get; set; }
    [Column("reason")] public string? Reason { get; set; }

    /// <summary>The entry of a session that completed with a player name and a score, listed until it is judged.</summary>
    public static EntryRecord Of(SessionRecord session)
    {
        var endedAt = session.EndedAt ?? throw new ArgumentException("Only an ended session has an entry.", nameof(session));
        return new EntryRecord
        {
            SessionId = session.Id,
            Game = session.Game,
            PlayerKey = session.PlayerId is { } id ? KeyOfId(id) : KeyOfName(session.PlayerName!),
            PlayerId = session.PlayerId,
            PlayerName = session.PlayerName ?? throw new ArgumentException("Only a session with a player name has an entry.", nameof(session)),
            Score = session.Score ?? throw new ArgumentException("Only a session with a score has an entry.", nameof(session)),
            AchievedAt = endedAt,
            DurationMs = session.DurationMs,
            Day = Periods.BucketOf(BoardPeriod.Day, endedAt),
            Week = Periods.BucketOf(BoardPeriod.Week, endedAt),
            Month = Periods.BucketOf(BoardPeriod.Month, endedAt),
            State = EntryVerdict.Listed.StateText,
        };
    }

    public static string KeyOfId(string playerId) => "id:" + playerId;

    public static string KeyOfName(string playerName) => "name:" + playerName;

    /// <summary>The entry's bucket in <paramref name="period"/>.</summary>
    public long BucketIn(BoardPeriod period) => period switch
    {
        BoardPeriod.AllTime => 0,
        BoardPeriod.Day => Day,
        BoardPeriod.Week => Week,
        BoardPeriod.Month => Month,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    public EntryVerdict Verdict
    {
        get => new(StoredText.Parse<EntryState>(State), Reason is null ? null : StoredText.Parse<EntryReason>(Reason));
        set => (State, Reason) = (value.StateText, value.ReasonText);
    }

    public HighScore ToHighScore(long rank) => new(rank, PlayerName, Score, Guid.Parse(SessionId), UnixTime.ToDateTime(AchievedAt));
}
