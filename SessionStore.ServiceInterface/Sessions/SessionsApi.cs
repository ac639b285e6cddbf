using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Metrics;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The sessions API: start, read, list, heartbeat, complete and abandon sessions.</summary>
public static class SessionsApi
{
    public const string Tag = "Sessions";
    private const string IdRouteValue = "id";

    /// <summary>The session writes, their own totals, and the sweep that abandons sessions whose game went quiet.</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionsOptions>()
            .Bind(configuration.GetSection(SessionsOptions.Section))
            .Validate(o => o.AbandonAfter > TimeSpan.Zero, "Sessions:AbandonAfter must be positive.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Sessions:SweepInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SessionWrites>();
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
            .WithDescription("Optionally filtered by status, game and player name; paged with skip and take (at most 500).");

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
        CreateSession? request, HttpContext context, StorageWriter writer, SessionWrites writes, LinkGenerator links, TimeProvider time)
    {
        var token = SessionToken.New();
        var tokenHash = SessionToken.Hash(token);
        var session = await writer.WriteAsync(db => writes.Create(db, request ?? new CreateSession(), tokenHash, UnixTime.Now(time)));
        var created = session.ToSession();
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

    private static async Task<Ok<QuerySessionsResponse>> Query(
        [AsParameters] QuerySessions request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var sessions = db.Sessions.AsQueryable();
        if (request.Status is { } status)
        {
            var statusText = SessionStatusText.Of(status);
            sessions = sessions.Where(s => s.Status == statusText);
        }
        if (request.Game is { } game) sessions = sessions.Where(s => s.Game == game);
        if (request.PlayerName is { } player) sessions = sessions.Where(s => s.PlayerName == player);

        // A game or player narrows the count to that index's entries; otherwise the totals answer without a scan.
        var total = request.Game is null && request.PlayerName is null
            ? await SessionTotals.CountAsync(db, request.Status, cancellationToken)
            : await sessions.LongCountAsync(cancellationToken);
        var page = await sessions
            .OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id)
            .Skip(request.Skip).Take(request.Take)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new QuerySessionsResponse(total, request.Skip, request.Take, [.. page.Select(s => s.ToSession())]));
    }

    // The id comes from the route; the body, which cannot name it (ApiRoutes.RouteValuesOutOfBody), carries the rest of the DTO.
    private static Task<Results<Ok<Session>, ProblemHttpResult>> Update(
        Guid id, UpdateSession? request, HttpContext context, StorageWriter writer, SessionWrites writes, TimeProvider time) =>
        WriteWithToken(context, id, writer, (db, tokenHash) =>
            writes.Update(db, (request ?? new UpdateSession()) with { Id = id }, tokenHash, UnixTime.Now(time)));

    private static Task<Results<Ok<Session>, ProblemHttpResult>> Complete(
        Guid id, CompleteSession? request, HttpContext context, StorageWriter writer, SessionWrites writes, TimeProvider time) =>
        WriteWithToken(context, id, writer, (db, tokenHash) =>
            writes.Complete(db, (request ?? new CompleteSession()) with { Id = id }, tokenHash, UnixTime.Now(time)));

    private static Task<Results<Ok<Session>, ProblemHttpResult>> Abandon(
        [AsParameters] AbandonSession request, HttpContext context, StorageWriter writer, SessionWrites writes, TimeProvider time) =>
        WriteWithToken(context, request.Id, writer, (db, tokenHash) =>
            writes.Abandon(db, request, tokenHash, UnixTime.Now(time)));

    /// <summary>The rules every write to an existing session shares: 401, then 404, 403 and 409 from the writer.</summary>
    private static async Task<Results<Ok<Session>, ProblemHttpResult>> WriteWithToken(
        HttpContext context, Guid id, StorageWriter writer, Func<SessionStoreDb, byte[], SessionWriteOutcome> write)
    {
        if (!BearerToken.TryRead(context.Request, out var token))
            return Problems.Unauthorized(context, BearerToken.Scheme,
                "This write needs the session's token: send 'Authorization: Bearer {token}' with the token returned when the session was created.");
        var tokenHash = SessionToken.Hash(token);
        // Queued under the session's id, so a flood of writes to one session cannot fill the queue for every other session.
        var outcome = await writer.WriteAsync(db => write(db, tokenHash), queueKey: id.ToString());
        return outcome switch
        {
            { Refusal: SessionWriteRefusal.None, Session: { } session } => TypedResults.Ok(session.ToSession()),
            { Refusal: SessionWriteRefusal.WrongToken } => Problems.Forbidden("The token is not the token of this session."),
            { Refusal: SessionWriteRefusal.Ended, Session: { } ended } =>
                Problems.Conflict($"Session {id} has ended ({ended.Status}) and takes no more writes."),
            _ => NoSuchSession(id),
        };
    }

    private static ProblemHttpResult NoSuchSession(Guid id) => Problems.NotFound($"There is no session {id}.");

    /// <summary>A write that needs the session's token, its rate limit, and the problems it can answer with.</summary>
    private static RouteHandlerBuilder RequiresSessionToken(this RouteHandlerBuilder builder) =>
        builder
            .WithMetadata(ApiCredential.SessionToken)
            .LimitedBy(RateLimits.SessionWritesPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
