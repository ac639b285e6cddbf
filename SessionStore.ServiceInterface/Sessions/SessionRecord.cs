using System.Text.Json.Nodes;
using LinqToDB.Mapping;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>A row of the <c>sessions</c> table. Times are Unix milliseconds, UTC.</summary>
[Table(TableName)]
public sealed class SessionRecord
{
    public const string TableName = "sessions";

    [PrimaryKey, Column("id", CanBeNull = false)] public required string Id { get; set; }
    /// <summary>SHA-256 of the session's write token; the token itself is never stored.</summary>
    [Column("token_hash")] public required byte[] TokenHash { get; set; }
    [Column("player_name")] public string? PlayerName { get; set; }
    /// <summary>The player's own opaque id; the API never answers with it.</summary>
    [Column("player_id")] public string? PlayerId { get; set; }
    [Column("game")] public required string Game { get; set; }
    /// <summary>A <see cref="SessionStatus"/> as <see cref="SessionStatusText"/> spells it.</summary>
    [Column("status")] public required string Status { get; set; }
    [Column("score")] public long? Score { get; set; }
    [Column("started_at")] public long StartedAt { get; set; }
    [Column("last_seen_at")] public long LastSeenAt { get; set; }
    [Column("ended_at")] public long? EndedAt { get; set; }
    /// <summary>A JSON object, as the client sent it.</summary>
    [Column("metadata")] public string? Metadata { get; set; }

    public bool IsActive => Status == SessionStatusText.Active;

    /// <summary>From start to end, or to the last heartbeat while active.</summary>
    public long DurationMs => (EndedAt ?? LastSeenAt) - StartedAt;

    public Session ToSession() => new()
    {
        Id = Guid.Parse(Id),
        PlayerName = PlayerName,
        Game = Game,
        Status = SessionStatusText.Parse(Status),
        Score = Score,
        StartedAt = UnixTime.ToDateTime(StartedAt),
        LastSeenAt = UnixTime.ToDateTime(LastSeenAt),
        EndedAt = EndedAt is { } ended ? UnixTime.ToDateTime(ended) : null,
        DurationSeconds = DurationMs / 1000.0,
        Metadata = Metadata is null ? null : JsonNode.Parse(Metadata)?.AsObject(),
    };
}
