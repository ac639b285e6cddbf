using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>
/// Stops admin-key guessing: each client address may send <see cref="RateLimitOptions.FailedAdminKeys"/> wrong
/// keys per window (a fixed-window rate limiter counts them); one more and that address is locked out of every
/// admin endpoint for <see cref="RateLimitOptions.AdminLockout"/>, even with the right key.
/// </summary>
public sealed class AdminKeyLockout : IDisposable
{
    private readonly RateLimitOptions limits;
    private readonly TimeProvider time;
    private readonly ILogger<AdminKeyLockout> logger;
    private readonly PartitionedRateLimiter<string> failures;
    private readonly ConcurrentDictionary<string, DateTimeOffset> lockedUntil = new();

    public AdminKeyLockout(IOptions<RateLimitOptions> options, TimeProvider time, ILogger<AdminKeyLockout> logger)
    {
        limits = options.Value;
        this.time = time;
        this.logger = logger;
        failures = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetFixedWindowLimiter(client, _ => limits.FailedAdminKeys.ToLimiterOptions()));
    }

    /// <summary>How long this client is still locked out, or null if it is not.</summary>
    public TimeSpan? LockedOutFor(string client)
    {
        if (!lockedUntil.TryGetValue(client, out var until)) return null;
        var left = until - time.GetUtcNow();
        if (left > TimeSpan.Zero) return left;
        lockedUntil.TryRemove(KeyValuePair.Create(client, until));
        return null;
    }

    /// <summary>Counts a wrong key. The one past the limit starts the lockout, and its length is returned; otherwise null.</summary>
    public TimeSpan? Failed(string client)
    {
        using var lease = failures.AttemptAcquire(client);
        if (lease.IsAcquired) return null;
        var now = time.GetUtcNow();
        foreach (var (expiredClient, expired) in lockedUntil.Where(l => l.Value <= now)) lockedUntil.TryRemove(KeyValuePair.Create(expiredClient, expired));
        lockedUntil[client] = now + limits.AdminLockout;
        logger.LogWarning("Client {Client} sent more wrong admin keys than the limit of {Limit}; it is locked out of the admin endpoints for {Lockout}.",
            client, limits.FailedAdminKeys, limits.AdminLockout);
        return limits.AdminLockout;
    }

    public void Dispose() => failures.Dispose();
}
