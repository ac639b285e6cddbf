using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Metrics;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The sessions API: start, read, list, heartbeat, complete and abandon sessions.</summary>
public static class SessionsApi
{
    public const string Tag = "Sessions";
    private const string IdRouteValue = "id";

    /// <summary>How far a listing filtered by game or player counts its total; past it the total is a lower bound.</summary>
    public const int TotalCountLimit = 10_000;

    /// <summary>The session writes, their own totals, and the sweep that abandons sessions whose game went quiet.</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionsOptions>()
            .Bind(configuration.GetSection(SessionsOptions.Section))
            .Validate(o => o.AbandonAfter > TimeSpan.Zero, "Sessions:AbandonAfter must be positive.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Sessions:SweepInterval must be positive.")
            .Validate(o => o.MaxScore >= 0, "Sessions:MaxScore must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<SessionWrites>();
        services.AddSingleton<SessionWriteGate>();
        services.AddSingleton<ISessionChangeHook, SessionTotals>();
        services.AddSingleton<IDerivedData, SessionTotalsFromSessions>();
        services.AddSingleton<IServableRows, ServableSessions>();
        services.AddSingleton<SessionMetrics>();
        services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<SessionMetrics>());
        services.AddHostedService<AbandonedSessionSweeper>();
        return services;
    }

    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder routes)
    {
        // Every request here that names a session in its route is about that session, for the edge's limits and log.
        var group = routes.MapGroup("").WithApiTag(Tag, "Start, read, list, update, complete and abandon game sessions.").WithMetadata(new SessionScope(IdRouteValue));

        group.MapRequest<CreateSession>(Create)
            .WithSummary("Start a session")
            .WithDescription("Creates an active session and returns it with its write token. The token is shown only once; keep it to update, complete or abandon the session.")
            .LimitedBy(RateLimits.SessionCreatesPolicy)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapRequest<GetSession>(Get)
            .WithSummary("Read a session")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapRequest<QuerySessions>(Query)
            .WithSummary("List sessions, newest first")
            .WithDescription("Optionally filtered by status, game and player name; paged with take (at most 500) and skip (at most 10000), " +
                             "or at any depth with after, the next of the previous page. With a game or player, total counts up to " +
                             $"{TotalCountLimit}; past that totalIsLowerBound is true.");

        group.MapRequest<UpdateSession>(Update)
            .WithSummary("Report progress (heartbeat)")
            .WithDescription("Sets the score and/or replaces the metadata, and marks the session as seen now. Needs the session's token.")
            .RequiresSessionToken();

        group.MapRequest<CompleteSession>(Complete)
            .WithSummary("Complete a session")
            .WithDescription("Ends the session as completed, optionally with a final score. A session with a player name and a score enters the high scores. Needs the session's token.")
            .RequiresSessionToken();

        group.MapRequest<AbandonSession>(Abandon)
            .WithSummary("Abandon a session")
            .WithDescription("Ends the session as abandoned. Needs the session's token.")
            .RequiresSessionToken();

        return group;
    }

    private static async Task<Created<CreateSessionResponse>> Create(
        CreateSession? request, HttpContext context, StorageWriter writer, SessionWrites writes, SessionWriteGate gate, LinkGenerator links, TimeProvider time)
    {
        var token = SessionToken.New();
        var tokenHash = SessionToken.Hash(token);
        var session = await writer.WriteAsync(db => writes.Create(db, request ?? new CreateSession(), tokenHash, UnixTime.Now(time)));
        var created = session.ToSession();
        gate.Created(created.Id, tokenHash);
        SessionScope.Created(context, created.Id);
        return TypedResults.Created(links.GetPathByName(nameof(GetSession), new RouteValueDictionary { [IdRouteValue] = created.Id }),
            new CreateSessionResponse(created, token));
    }

    private static async Task<Results<Ok<Session>, ProblemHttpResult>> Get(
        [AsParameters] GetSession request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var key = request.Id.ToString();
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == key, cancellationToken);
        return session is null ? NoSuchSession(request.Id) : TypedResults.Ok(session.ToSession());
    }

    private static async Task<Results<Ok<QuerySessionsResponse>, ProblemHttpResult>> Query(
        [AsParameters] QuerySessions request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        SessionCursor? after = null;
        if (request.After is { } text)
        {
            if (!SessionCursor.TryParse(text, out var cursor))
                return Problems.Invalid(new Dictionary<string, string[]> { ["after"] = ["after must be the next of a previous page of this listing."] });
            after = cursor;
        }
        await using var db = storage.OpenReader();
        var sessions = db.Sessions.AsQueryable();
        if (request.Status is { } status)
        {
            var statusText = SessionStatusText.Of(status);
            sessions = sessions.Where(s => s.Status == statusText);
        }
        if (request.Game is { } game) sessions = sessions.Where(s => s.Game == game);
        if (request.PlayerName is { } player) sessions = sessions.Where(s => s.PlayerName == player);

        // The totals answer a status's count without a scan; a game's or a player's sessions are counted up to a limit, so a
        // game with a million sessions is not counted whole for every page.
        var (total, totalIsLowerBound) = request.Game is null && request.PlayerName is null
            ? (await SessionTotals.CountAsync(db, request.Status, cancellationToken), false)
            : await CountUpToAsync(sessions, TotalCountLimit, cancellationToken);
        if (after is { StartedAt: var startedAt, Id: var lastId })
        {
            // Written so the first condition is a range on the index that orders the listing, the second a filter.
            var lastKey = lastId.ToString();
            sessions = sessions.Where(s => s.StartedAt <= startedAt && (s.StartedAt < startedAt || s.Id.CompareTo(lastKey) < 0));
        }
        // One row more than the page says whether another page follows.
        var rows = await sessions
            .OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id)
            .Skip(request.Skip).Take(request.Take + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(request.Take).ToList();
        var next = rows.Count > request.Take ? SessionCursor.After(page[^1]).ToString() : null;
        return TypedResults.Ok(new QuerySessionsResponse(total, totalIsLowerBound, request.Skip, request.Take, [.. page.Select(s => s.ToSession())], next));
    }

    /// <summary>The count, or <paramref name="limit"/> and that it is a lower bound when there are more.</summary>
    private static async Task<(long Count, bool IsLowerBound)> CountUpToAsync(IQueryable<SessionRecord> sessions, int limit, CancellationToken cancellationToken)
    {
        var count = await sessions.Take(limit + 1).LongCountAsync(cancellationToken);
        return count > limit ? (limit, true) : (count, false);
    }

    // The id comes from the route; the body, which cannot name it (ApiRoutes.RouteValuesOutOfBody), carries the rest of the DTO.
    private static async Task<Results<Ok<Session>, ProblemHttpResult>> Update(
        Guid id, UpdateSession? request, HttpContext context, IOptions<SessionsOptions> options, SessionWriteGate gate, StorageWriter writer,
        SessionWrites writes, TimeProvider time)
    {
        if (ScoreBeyondMaximum(request?.Score, options.Value) is { } refused) return refused;
        return await WriteWithToken(context, id, gate, writer, (db, tokenHash) =>
            writes.Update(db, (request ?? new UpdateSession()) with { Id = id }, tokenHash, UnixTime.Now(time)));
    }

    private static async Task<Results<Ok<Session>, ProblemHttpResult>> Complete(
        Guid id, CompleteSession? request, HttpContext context, IOptions<SessionsOptions> options, SessionWriteGate gate, StorageWriter writer,
        SessionWrites writes, TimeProvider time)
    {
        if (ScoreBeyondMaximum(request?.Score, options.Value) is { } refused) return refused;
        return await WriteWithToken(context, id, gate, writer, (db, tokenHash) =>
            writes.Complete(db, (request ?? new CompleteSession()) with { Id = id }, tokenHash, UnixTime.Now(time)));
    }

    private static Task<Results<Ok<Session>, ProblemHttpResult>> Abandon(
        [AsParameters] AbandonSession request, HttpContext context, SessionWriteGate gate, StorageWriter writer, SessionWrites writes, TimeProvider time) =>
        WriteWithToken(context, request.Id, gate, writer, (db, tokenHash) =>
            writes.Abandon(db, request, tokenHash, UnixTime.Now(time)));

    /// <summary>A score past Sessions:MaxScore is refused as the data annotations refuse a negative one, before anything else.</summary>
    private static ProblemHttpResult? ScoreBeyondMaximum(long? score, SessionsOptions options) =>
        score > options.MaxScore
            ? Problems.Invalid(new Dictionary<string, string[]> { ["score"] = [$"score must be at most {options.MaxScore}."] })
            : null;

    /// <summary>
    /// The rules every write to an existing session shares. The gate checks the token and the session's budget before the
    /// write is queued (a write refused for its token costs its sender's address instead); the writer checks the token again,
    /// and the session's status, inside its transaction.
    /// </summary>
    private static async Task<Results<Ok<Session>, ProblemHttpResult>> WriteWithToken(
        HttpContext context, Guid id, SessionWriteGate gate, StorageWriter writer, Func<SessionStoreDb, byte[], SessionWriteOutcome> write)
    {
        var tokenHash = BearerToken.TryRead(context.Request, out var token) ? SessionToken.Hash(token) : null;
        var refusal = tokenHash is null ? SessionWriteRefusal.NoToken : await gate.CheckTokenAsync(id, tokenHash, context.RequestAborted);
        if (refusal != SessionWriteRefusal.None) return gate.CountRefusal(context) ?? Refused(context, id, refusal, null);
        if (gate.TakeWrite(context, id) is { } tooMany) return tooMany;
        // Queued under the session's id, so a flood of writes to one session cannot fill the queue for every other session.
        var outcome = await writer.WriteAsync(db => write(db, tokenHash!), queueKey: id.ToString());
        return outcome is { Refusal: SessionWriteRefusal.None, Session: { } session }
            ? TypedResults.Ok(session.ToSession())
            : Refused(context, id, outcome.Refusal, outcome.Session);
    }

    private static ProblemHttpResult Refused(HttpContext context, Guid id, SessionWriteRefusal refusal, SessionRecord? session) => refusal switch
    {
        SessionWriteRefusal.NoToken => Problems.Unauthorized(context, BearerToken.Scheme,
            "This write needs the session's token: send 'Authorization: Bearer {token}' with the token returned when the session was created."),
        SessionWriteRefusal.WrongToken => Problems.Forbidden("The token is not the token of this session."),
        SessionWriteRefusal.Ended => Problems.Conflict($"Session {id} has ended ({session?.Status}) and takes no more writes."),
        _ => NoSuchSession(id),
    };

    private static ProblemHttpResult NoSuchSession(Guid id) => Problems.NotFound($"There is no session {id}.");

    /// <summary>A write that needs the session's token, its per-address limit (the session's own is the gate's), and the problems it can answer with.</summary>
    private static RouteHandlerBuilder RequiresSessionToken(this RouteHandlerBuilder builder) =>
        builder
            .WithMetadata(ApiCredential.SessionToken)
            .LimitedBy(RateLimits.WritesPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
