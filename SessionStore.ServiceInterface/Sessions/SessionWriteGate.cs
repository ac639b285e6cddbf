using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// What a write to an existing session passes before it is queued for the writer. Its token is checked on a reader first, so
/// only the token's holder spends the session's budget (<see cref="RateLimitOptions.SessionWrites"/>, kept per parsed id, so no
/// spelling of the id has a budget of its own). A write refused for its token (none, a wrong one, or no such session) costs
/// its sender's address instead (<see cref="RateLimitOptions.RefusedSessionWrites"/>): nobody can use up another player's budget.
/// The writer checks the token again inside its transaction, so a hash kept here only ever saves the gate a read.
/// </summary>
public sealed class SessionWriteGate(IStorageProvider storage, IOptions<RateLimitOptions> options) : IDisposable
{
    /// <summary>How many sessions' token hashes are kept in memory, the most recently used: more sessions than one instance has in play.</summary>
    private const int TokenHashesKept = 100_000;

    private readonly KeyedLimit<Guid> perSession = new(options.Value.SessionWrites);
    private readonly KeyedLimit<string> refusedPerAddress = new(options.Value.RefusedSessionWrites);
    private readonly MemoryCache tokenHashes = new(new MemoryCacheOptions { SizeLimit = TokenHashesKept });

    /// <summary>Keeps a new session's token hash, so that its writes are checked without a read.</summary>
    public void Created(Guid id, byte[] tokenHash) => Keep(id, tokenHash);

    /// <summary>
    /// Whether the token is the session's: <see cref="SessionWriteRefusal.None"/> when it is. A session's token hash never
    /// changes, so its creation or one read on a reader serves its later writes; only hashes the database holds are kept.
    /// </summary>
    public async Task<SessionWriteRefusal> CheckTokenAsync(Guid id, byte[] tokenHash, CancellationToken cancellationToken)
    {
        if (!tokenHashes.TryGetValue(id, out byte[]? stored))
        {
            await using var db = storage.OpenReader();
            var key = id.ToString();
            stored = await db.Sessions.Where(s => s.Id == key).Select(s => s.TokenHash).FirstOrDefaultAsync(cancellationToken);
            if (stored is not null) Keep(id, stored);
        }
        return SessionToken.Check(tokenHash, stored);
    }

    /// <summary>Takes a write from the session's budget: null if it may go ahead, otherwise a 429 that says when it may.</summary>
    public ProblemHttpResult? TakeWrite(HttpContext context, Guid id) =>
        perSession.Take(id) is { } wait
            ? RateLimits.Exceeded(context, wait, "Too many writes to this session", nameof(RateLimitOptions.SessionWrites), perSession.Limit)
            : null;

    /// <summary>Counts a refused write against its sender's address: null within the limit, otherwise the 429 to answer instead.</summary>
    public ProblemHttpResult? CountRefusal(HttpContext context) =>
        refusedPerAddress.Take(ClientAddress.KeyOf(context)) is { } wait
            ? RateLimits.Exceeded(context, wait, "Too many session writes without the session's token came from this address",
                nameof(RateLimitOptions.RefusedSessionWrites), refusedPerAddress.Limit)
            : null;

    private void Keep(Guid id, byte[] tokenHash) => tokenHashes.Set(id, tokenHash, new MemoryCacheEntryOptions { Size = 1 });

    public void Dispose()
    {
        tokenHashes.Dispose();
        perSession.Dispose();
        refusedPerAddress.Dispose();
    }
}
