namespace SessionStore.ServiceModel;

/// <summary>A completed session's score. Higher ranks first; on a tie, the earlier one.</summary>
public sealed record HighScore(int Rank, string PlayerName, long Score, Guid SessionId, DateTime AchievedAt);
