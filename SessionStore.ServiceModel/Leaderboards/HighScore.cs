namespace SessionStore.ServiceModel;

/// <summary>An entry on a board: its rank (1 is best; on a tie the earlier ranks first), the player's name and the session's score.</summary>
public sealed record HighScore(long Rank, string PlayerName, long Score, Guid SessionId, DateTime AchievedAt);
