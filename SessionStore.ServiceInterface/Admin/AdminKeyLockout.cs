using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>
/// Slows admin-key guessing without ever turning on the operator: each client address may send
/// <see cref="RateLimitOptions.FailedAdminKeys"/> wrong keys per window; one more and every further wrong key from that address
/// gets 429 for <see cref="RateLimitOptions.AdminLockout"/>. Only wrong keys are counted and refused, and the right key always
/// passes, since an address may be shared (a NAT, a reverse proxy) and anyone else there could otherwise lock the operator out.
/// Guessing stays hopeless anyway: the key has at least <see cref="AdminOptions.MinimumKeyLength"/> characters.
/// </summary>
public sealed class AdminKeyLockout(IOptions<RateLimitOptions> options, TimeProvider time, ILogger<AdminKeyLockout> logger) : IDisposable
{
    private readonly RateLimitOptions limits = options.Value;
    private readonly KeyedLimit<string> failures = new(options.Value.FailedAdminKeys);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lockedUntil = new();

    /// <summary>Counts a wrong key from the request's address: null while it is within the limit, otherwise the 429 to answer.</summary>
    public ProblemHttpResult? Failed(HttpContext context)
    {
        var client = ClientAddress.KeyOf(context);
        var now = time.GetUtcNow();
        if (lockedUntil.TryGetValue(client, out var until) && until > now) return LockedOut(context, until - now);
        if (failures.Take(client) is null) return null;
        foreach (var (expiredClient, expired) in lockedUntil.Where(l => l.Value <= now)) lockedUntil.TryRemove(KeyValuePair.Create(expiredClient, expired));
        lockedUntil[client] = now + limits.AdminLockout;
        logger.LogWarning("Client {Client} sent more wrong admin keys than the limit of {Limit}; its wrong keys get 429 for {Lockout}.",
            client, limits.FailedAdminKeys, limits.AdminLockout);
        return LockedOut(context, limits.AdminLockout);
    }

    private ProblemHttpResult LockedOut(HttpContext context, TimeSpan left) =>
        RateLimits.Exceeded(context, left, "Too many wrong admin keys came from this address", nameof(RateLimitOptions.FailedAdminKeys), limits.FailedAdminKeys);

    public void Dispose() => failures.Dispose();
}
