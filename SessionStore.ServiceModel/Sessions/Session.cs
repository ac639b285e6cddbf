using System.Text.Json.Nodes;

namespace SessionStore.ServiceModel;

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
