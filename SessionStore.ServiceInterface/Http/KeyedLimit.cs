using System.Threading.RateLimiting;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// A <see cref="WindowLimit"/> for each key (a session, a client address), for the limits a handler decides on, after it has
/// learnt what the rate limiter middleware cannot know (whether a token or a key is right).
/// </summary>
public sealed class KeyedLimit<TKey>(WindowLimit limit) : IDisposable where TKey : notnull
{
    private readonly PartitionedRateLimiter<TKey> limiter =
        PartitionedRateLimiter.Create<TKey, TKey>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => limit.ToLimiterOptions()));

    public WindowLimit Limit => limit;

    /// <summary>Counts one against the key: null while it is within the limit, otherwise how long until its window ends.</summary>
    public TimeSpan? Take(TKey key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window;
    }

    public void Dispose() => limiter.Dispose();
}
