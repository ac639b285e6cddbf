using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LinqToDB;
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
    [Column("game")] public required string Game { get; set; }
    /// <summary>One of <see cref="SessionStatusText"/>.</summary>
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

/// <summary>How <see cref="SessionStatus"/> is spelled in the <c>status</c> column.</summary>
public static class SessionStatusText
{
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Abandoned = "abandoned";

    public static string Of(SessionStatus status) => status switch
    {
        SessionStatus.Active => Active,
        SessionStatus.Completed => Completed,
        SessionStatus.Abandoned => Abandoned,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SessionStatus Parse(string text) => text switch
    {
        Active => SessionStatus.Active,
        Completed => SessionStatus.Completed,
        Abandoned => SessionStatus.Abandoned,
        _ => throw new InvalidDataException($"Unknown session status '{text}' in the database."),
    };
}

public static class SessionTables
{
    extension(SessionStoreDb db)
    {
        public ITable<SessionRecord> Sessions => db.GetTable<SessionRecord>();
    }
}

/// <summary>A session row the API can serve: every value of the type it is stored as, and readable as a <see cref="Session"/>.</summary>
internal sealed class ServableSessions : IServableRows
{
    public string Table => SessionRecord.TableName;

    public bool CanServe(IReadOnlyDictionary<string, object?> row)
    {
        if (row.GetValueOrDefault("id") is not string id || row.GetValueOrDefault("token_hash") is not byte[] { Length: SHA256.HashSizeInBytes } tokenHash ||
            row.GetValueOrDefault("game") is not string game || row.GetValueOrDefault("status") is not string status ||
            row.GetValueOrDefault("started_at") is not long startedAt || row.GetValueOrDefault("last_seen_at") is not long lastSeenAt ||
            row.GetValueOrDefault("player_name") is not (null or string) || row.GetValueOrDefault("score") is not (null or long) ||
            row.GetValueOrDefault("ended_at") is not (null or long) || row.GetValueOrDefault("metadata") is not (null or string))
            return false;
        var session = new SessionRecord
        {
            Id = id,
            TokenHash = tokenHash,
            PlayerName = (string?)row.GetValueOrDefault("player_name"),
            Game = game,
            Status = status,
            Score = (long?)row.GetValueOrDefault("score"),
            StartedAt = startedAt,
            LastSeenAt = lastSeenAt,
            EndedAt = (long?)row.GetValueOrDefault("ended_at"),
            Metadata = (string?)row.GetValueOrDefault("metadata"),
        };
        try
        {
            session.ToSession();
            return session.IsActive == session.EndedAt is null;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
