using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>Where a session is in its life. Only an active session accepts writes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionStatus>))]
public enum SessionStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("abandoned")] Abandoned,
}

/// <summary>One play-through of a game by one player.</summary>
public sealed record Session
{
    public required Guid Id { get; init; }
    public string? PlayerName { get; init; }
    public required string Game { get; init; }
    public required SessionStatus Status { get; init; }
    /// <summary>The last score reported, or null if none was.</summary>
    public long? Score { get; init; }
    public required DateTime StartedAt { get; init; }
    /// <summary>The last write (heartbeat) to the session.</summary>
    public required DateTime LastSeenAt { get; init; }
    public DateTime? EndedAt { get; init; }
    /// <summary>From start to end, or to the last heartbeat while the session is active.</summary>
    public required double DurationSeconds { get; init; }
    public JsonObject? Metadata { get; init; }
}

/// <summary>Starts a session. Every field is optional.</summary>
public sealed record CreateSession
{
    /// <summary>1-32 characters after trimming, no control characters.</summary>
    [PlayerName]
    public string? PlayerName { get; init; }

    /// <summary>1-64 of A-Z, a-z, 0-9, '_', '.', '-'. Defaults to "default".</summary>
    [GameName]
    public string? Game { get; init; }

    /// <summary>Any JSON object of at most 4 KiB serialized.</summary>
    [MaxJsonSize(Limits.MetadataBytes)]
    public JsonObject? Metadata { get; init; }
}

/// <summary>The new session and its write token. The token is shown only here, once.</summary>
public sealed record CreateSessionResponse(Session Session, string Token);

/// <summary>Reads one session.</summary>
public sealed record GetSession
{
    [Description("The session id.")]
    public required Guid Id { get; init; }
}

/// <summary>Lists sessions, newest first.</summary>
public sealed record QuerySessions(
    [property: Description("Only sessions with this status: active, completed or abandoned.")]
    [property: AllowedValues(null, "active", "completed", "abandoned", ErrorMessage = "{0} must be active, completed or abandoned.")]
    string? Status = null,
    [property: Description("Only sessions of this game.")]
    [property: GameName]
    string? Game = null,
    [property: Description("Only sessions of this player (exact name).")]
    [property: StringLength(Limits.PlayerNameLength, MinimumLength = 1)]
    string? PlayerName = null,
    [property: Description("How many sessions to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many sessions to return, at most 500.")]
    [property: Range(1, Limits.MaxQueryTake)]
    int Take = Limits.DefaultQueryTake);

/// <summary>One page of sessions.</summary>
public sealed record QuerySessionsResponse(long Total, int Skip, int Take, IReadOnlyList<Session> Results);

/// <summary>Reports progress; also the heartbeat that keeps a session active.</summary>
public sealed record UpdateSession
{
    /// <summary>The current score, 0 or more.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "{0} must be 0 or more.")]
    public long? Score { get; init; }

    /// <summary>Replaces the session's metadata. At most 4 KiB serialized.</summary>
    [MaxJsonSize(Limits.MetadataBytes)]
    public JsonObject? Metadata { get; init; }
}

/// <summary>Ends a session as completed, optionally with a final score.</summary>
public sealed record CompleteSession
{
    /// <summary>The final score, 0 or more.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "{0} must be 0 or more.")]
    public long? Score { get; init; }
}

/// <summary>Ends a session as abandoned.</summary>
public sealed record AbandonSession
{
    [Description("The session id.")]
    public required Guid Id { get; init; }
}
