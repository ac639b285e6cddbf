using LinqToDB;
using LinqToDB.Async;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The sessions API: start, read, list, heartbeat, complete and abandon sessions.</summary>
public static class SessionsApi
{
    public const string Tag = "Sessions";

    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sessions").WithTags(Tag);

        group.MapPost("/", Create)
            .WithName(nameof(CreateSession))
            .WithSummary("Start a session")
            .WithDescription("Creates an active session and returns it with its write token. The token is shown only once; keep it to update, complete or abandon the session.")
            .LimitedBy(RateLimits.SessionCreatesPolicy);

        group.MapGet("/{id:guid}", Get)
            .WithName(nameof(GetSession))
            .WithSummary("Read a session")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", Query)
            .WithName(nameof(QuerySessions))
            .WithSummary("List sessions, newest first")
            .WithDescription("Optionally filtered by status, game and player name; paged with skip and take (at most 500).");

        group.MapPatch("/{id:guid}", Update)
            .WithName(nameof(UpdateSession))
            .WithSummary("Report progress (heartbeat)")
            .WithDescription("Sets the score and/or replaces the metadata, and marks the session as seen now. Needs the session's token.")
            .RequiresSessionToken();

        group.MapPost("/{id:guid}/complete", Complete)
            .WithName(nameof(CompleteSession))
            .WithSummary("Complete a session")
            .WithDescription("Ends the session as completed, optionally with a final score. A session with a player name and a score enters the high scores. Needs the session's token.")
            .RequiresSessionToken();

        group.MapPost("/{id:guid}/abandon", Abandon)
            .WithName(nameof(AbandonSession))
            .WithSummary("Abandon a session")
            .WithDescription("Ends the session as abandoned. Needs the session's token.")
            .RequiresSessionToken();

        return group;
    }

    private static async Task<Created<CreateSessionResponse>> Create(
        CreateSession? request, StorageWriter writer, TimeProvider time)
    {
        var token = SessionToken.New();
        var tokenHash = SessionToken.Hash(token);
        var session = await writer.WriteAsync(db => SessionWrites.Create(db, request ?? new CreateSession(), tokenHash, UnixTime.Now(time)));
        return TypedResults.Created($"/api/sessions/{session.Id}", new CreateSessionResponse(session.ToSession(), token));
    }

    private static async Task<Results<Ok<Session>, ProblemHttpResult>> Get(
        [AsParameters] GetSession request, DatabaseConnections database, CancellationToken cancellationToken)
    {
        await using var db = database.OpenReader();
        var key = request.Id.ToString();
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == key, cancellationToken);
        return session is null ? NoSuchSession(request.Id) : TypedResults.Ok(session.ToSession());
    }

    private static async Task<Ok<QuerySessionsResponse>> Query(
        [AsParameters] QuerySessions request, DatabaseConnections database, CancellationToken cancellationToken)
    {
        await using var db = database.OpenReader();
        var sessions = db.Sessions.AsQueryable();
        if (request.Status is { } status) sessions = sessions.Where(s => s.Status == status);
        if (request.Game is { } game) sessions = sessions.Where(s => s.Game == game);
        if (request.PlayerName is { } player) sessions = sessions.Where(s => s.PlayerName == player);

        // A game or player narrows the count to that index's entries; otherwise the counters answer without a scan.
        var total = request.Game is null && request.PlayerName is null
            ? await SessionCounters.CountAsync(db, request.Status, cancellationToken)
            : await sessions.LongCountAsync(cancellationToken);
        var page = await sessions
            .OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id)
            .Skip(request.Skip).Take(request.Take)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new QuerySessionsResponse(total, request.Skip, request.Take, [.. page.Select(s => s.ToSession())]));
    }

    private static Task<Results<Ok<Session>, ProblemHttpResult>> Update(
        Guid id, UpdateSession? request, HttpContext context, StorageWriter writer, TimeProvider time) =>
        WriteWithToken(context, id, writer, (db, tokenHash) =>
            SessionWrites.Update(db, id, request ?? new UpdateSession(), tokenHash, UnixTime.Now(time)));

    private static Task<Results<Ok<Session>, ProblemHttpResult>> Complete(
        Guid id, CompleteSession? request, HttpContext context, StorageWriter writer, TimeProvider time) =>
        WriteWithToken(context, id, writer, (db, tokenHash) =>
            SessionWrites.Complete(db, id, request ?? new CompleteSession(), tokenHash, UnixTime.Now(time)));

    private static Task<Results<Ok<Session>, ProblemHttpResult>> Abandon(
        [AsParameters] AbandonSession request, HttpContext context, StorageWriter writer, TimeProvider time) =>
        WriteWithToken(context, request.Id, writer, (db, tokenHash) =>
            SessionWrites.Abandon(db, request, tokenHash, UnixTime.Now(time)));

    /// <summary>The rules every write to an existing session shares: 401, then 404, 403 and 409 from the writer.</summary>
    private static async Task<Results<Ok<Session>, ProblemHttpResult>> WriteWithToken(
        HttpContext context, Guid id, StorageWriter writer, Func<SessionStoreDb, byte[], SessionWriteOutcome> write)
    {
        if (!BearerToken.TryRead(context.Request, out var token))
            return Problems.Unauthorized(context, BearerToken.Scheme,
                "This write needs the session's token: send 'Authorization: Bearer {token}' with the token returned when the session was created.");
        var tokenHash = SessionToken.Hash(token);
        var outcome = await writer.WriteAsync(db => write(db, tokenHash));
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
            .ProducesProblem(StatusCodes.Status409Conflict);
}
