using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// What a write to an existing session passes before it is queued for the writer. Its token is checked on a reader first, so
/// only the token's holder spends the session's budget (<see cref="RateLimitOptions.SessionWrites"/>, kept per parsed id, so no
/// spelling of the id has a budget of its own). A write refused for its token (none, a wrong one, or no such session) costs
/// its sender's address instead (<see cref="RateLimitOptions.RefusedSessionWrites"/>): nobody can use up another player's budget.
/// The writer checks the token again inside its transaction.
/// </summary>
public sealed class SessionWriteGate(IStorageProvider storage, IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly KeyedLimit<Guid> perSession = new(options.Value.SessionWrites);
    private readonly KeyedLimit<string> refusedPerAddress = new(options.Value.RefusedSessionWrites);

    /// <summary>Whether the token is the session's, read on a reader: <see cref="SessionWriteRefusal.None"/> when it is.</summary>
    public async Task<SessionWriteRefusal> CheckTokenAsync(Guid id, byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var key = id.ToString();
        var stored = await db.Sessions.Where(s => s.Id == key).Select(s => s.TokenHash).FirstOrDefaultAsync(cancellationToken);
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

    public void Dispose()
    {
        perSession.Dispose();
        refusedPerAddress.Dispose();
    }
}
