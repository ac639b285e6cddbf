namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>A listed entry with its bucket in one period: what a board's rows are rebuilt from.</summary>
public sealed class BucketedEntry
{
    public required string SessionId { get; init; }
    public required string PlayerKey { get; init; }
    public long Score { get; init; }
    public long AchievedAt { get; init; }
    public long Bucket { get; init; }
}
