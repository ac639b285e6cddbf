using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// Leaderboards: each game's rules, its boards per period, a player's rank, live boards over Server-Sent Events, and the
/// admin's moderation (rules, hiding, releasing, bans, erasing a player) with its audit log.
/// </summary>
public static class LeaderboardsApi
{
    public const string Tag = "High scores";
    public const string AdminTag = "Admin: games";
    private static readonly string HeldText = StoredText.Of(EntryState.Held);
    private static readonly string HiddenText = StoredText.Of(EntryState.Hidden);

    /// <summary>Entries are made as sessions complete and made again from the sessions after a recovery; streams poll for changes.</summary>
    public static IServiceCollection AddLeaderboards(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeaderboardOptions>()
            .Bind(configuration.GetSection(LeaderboardOptions.Section))
            .Validate(o => o.StreamsPerClient >= 1 && o.MaxStreams >= 1, "Leaderboards:StreamsPerClient and MaxStreams must be 1 or more.")
            .Validate(o => o.StreamPollInterval > TimeSpan.Zero && o.StreamKeepAlive > TimeSpan.Zero, "Leaderboards:StreamPollInterval and StreamKeepAlive must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ISessionChangeHook, LeaderboardEntries>();
        services.AddSingleton<IDerivedData, LeaderboardsFromSessions>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Moderation>();
        services.AddSingleton<BoardStreams>();
        services.AddHostedService(sp => sp.GetRequiredService<BoardStreams>());
        return services;
    }

    public static RouteGroupBuilder MapLeaderboards(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithApiTag(Tag, "Each game's boards per period, a player's rank on them, live boards, and the game's rules.");
        group.MapRequest<GetHighScores>(Page)
            .WithSummary("A page of a game's board")
            .WithDescription("The board of one period (allTime, day, week or month, in UTC; at picks a past one), best first: by the game's score order, the earlier entry first on a tie. " +
                             "A best-per-player board holds each player's best entry (by playerId, else by name); an every-session board holds every session. " +
                             "Skip up to 10,000 entries; past that, follow the cursor of the previous page.");
        group.MapRequest<GetHighScoreRank>(Rank)
            .WithSummary("A player's rank on a board, with the entries around it")
            .WithDescription("Name the player by exactly one of playerId, playerName and sessionId. Answers the entry, its rank, how many entries the board has, and up to 'around' entries above and below.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapRequest<StreamHighScores>(Stream)
            .WithSummary("A live board (Server-Sent Events)")
            .WithDescription("text/event-stream: a 'board' event whose data is the top of the current period's board (as GetHighScores answers it) at once, and again when " +
                             "that top changes (a new entry, a hide or release, a rule change, a new period). A comment line every 15 s keeps proxies from closing it. " +
                             "An address may hold a limited number open (429 beyond it); the service as a whole too (503).")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapRequest<GetGame>(Game)
            .WithSummary("A game's rules")
            .WithDescription("scoreOrder, entries, maxScore and minDurationSeconds. A game not seen yet answers the rules it will get.");
        return group;
    }

    public static RouteGroupBuilder MapLeaderboardAdmin(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("").WithApiTag(AdminTag, "Games' rules and the moderation of their boards, with the audit log of every change.");
        group.MapRequest<ListGames>(ListGames).WithSummary("List the games with their rules and what waits for moderation");
        group.MapRequest<SetGameRules>(SetRules)
            .WithSummary("Set a game's rules")
            .WithDescription("Replaces all four rules and ranks the game's boards again from its stored entries: entries that break a new rule are held, entries no rule holds any more are listed. Audited.")
            .ProducesValidationProblem();
        group.MapRequest<QueryGameEntries>(Entries)
            .WithSummary("List a game's held, hidden or listed entries, newest first")
            .WithDescription("With the player's id and why each is held or hidden.");
        group.MapRequest<HideEntry>(Hide).WithSummary("Hide an entry").WithDescription("Takes it off every board; it is kept. Audited.").Moderates();
        group.MapRequest<UnhideEntry>(Unhide).WithSummary("Unhide an entry").WithDescription("It is listed or held again as the rules say. Audited.").Moderates();
        group.MapRequest<ReleaseEntry>(Release).WithSummary("Release a held entry").WithDescription("Lists it although it breaks a rule or its player is banned. Audited.").Moderates();
        group.MapRequest<ListBans>(Bans).WithSummary("List the players banned from a game's boards");
        group.MapRequest<BanPlayer>(Ban)
            .WithSummary("Ban a player from a game's boards")
            .WithDescription("By playerId, by playerName (every entry under the name), or by sessionId (that session's player). Their entries are hidden; new ones are held. Audited.")
            .Moderates();
        group.MapRequest<LiftBan>(Lift).WithSummary("Lift a ban").WithDescription("The player's entries are listed or held again as the rules say. Audited.").Moderates();
        group.MapRequest<ErasePlayer>(Erase)
            .WithSummary("Erase a player's data")
            .WithDescription("Deletes every session of the playerId (or playerName) in every game, and their entries, keeping the session counts consistent. Audited with a hash of the player.")
            .ProducesValidationProblem();
        group.MapRequest<QueryAuditLog>(Audit).WithSummary("Read the audit log, newest first");
        return admin;
    }

    private static RouteHandlerBuilder Moderates(this RouteHandlerBuilder builder) =>
        builder.ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<HighScoresResponse>, ProblemHttpResult>> Page(
        [AsParameters] GetHighScores request, IStorageProvider storage, TimeProvider time, CancellationToken cancellationToken)
    {
        var bucket = Periods.BucketOf(request.Period, request.At is { } at ? UnixTime.FromDateTime(at) : UnixTime.Now(time));
        BoardCursor? cursor = null;
        if (request.Cursor is { } text)
        {
            cursor = BoardCursor.Decode(text);
            var wrong = request.Skip != 0 ? "cursor continues where a page ended; it cannot be combined with skip."
                : cursor is null ? "cursor must be the cursor of an earlier page, as it was given."
                : cursor.Period != Periods.Number(request.Period) || cursor.Bucket != bucket ? "cursor belongs to another period of the board; ask for the period it came from."
                : null;
            if (wrong is not null) return Problems.Invalid(new Dictionary<string, string[]> { ["cursor"] = [wrong] });
        }
        await using var db = storage.OpenReader();
        var rows = Boards.Rows(db, request.Game, request.Period, bucket);
        var page = await Boards.PageAsync(db, rows, cursor, request.Skip, request.Take + 1, cancellationToken);
        var firstRank = page.Count == 0 || cursor is null
            ? request.Skip + 1
            : await Boards.CountBeforeAsync(rows, page[0].SortKey, page[0].AchievedAt, page[0].SessionId, cancellationToken) + 1;
        var next = page.Count > request.Take ? page[request.Take - 1] : null;
        var (from, to) = Periods.Window(request.Period, bucket);
        return TypedResults.Ok(new HighScoresResponse(request.Game, request.Period, from, to,
            [.. page.Take(request.Take).Select((entry, index) => entry.ToHighScore(firstRank + index))],
            next is null ? null : new BoardCursor(Periods.Number(request.Period), bucket, next.SortKey, next.AchievedAt, next.SessionId).Encode()));
    }

    private static async Task<Results<Ok<HighScoreRankResponse>, ProblemHttpResult>> Rank(
        [AsParameters] GetHighScoreRank request, IStorageProvider storage, TimeProvider time, CancellationToken cancellationToken)
    {
        if (OneOf(("playerId", request.PlayerId), ("playerName", request.PlayerName), ("sessionId", request.SessionId)) is { } invalid) return invalid;
        var bucket = Periods.BucketOf(request.Period, request.At is { } at ? UnixTime.FromDateTime(at) : UnixTime.Now(time));
        await using var db = storage.OpenReader();
        var rules = await Boards.RulesAsync(db, request.Game, cancellationToken);
        var rows = Boards.Rows(db, request.Game, request.Period, bucket);
        var row = await Boards.RowOfAsync(db, rows, rules, request.Game, request.Period, bucket, request.PlayerId, request.PlayerName, request.SessionId, cancellationToken);
        var entry = row is null ? null : await db.Entries.FirstOrDefaultAsync(e => e.SessionId == row.SessionId, cancellationToken);
        if (row is null || entry is null)
            return Problems.NotFound($"That player has no entry on the {StoredText.Of(request.Period)} board of {request.Game}.");
        var before = await Boards.CountBeforeAsync(rows, row.SortKey, row.AchievedAt, row.SessionId, cancellationToken);
        var total = await Boards.SizeAsync(db, request.Game, request.Period, bucket, cancellationToken);
        var above = await Boards.Before(db, rows, row, request.Around).ToListAsync(cancellationToken);
        var below = await Boards.After(db, rows, row, request.Around).ToListAsync(cancellationToken);
        var (from, to) = Periods.Window(request.Period, bucket);
        return TypedResults.Ok(new HighScoreRankResponse(request.Game, request.Period, from, to, total, entry.ToHighScore(before + 1),
            [.. above.Select((e, index) => e.ToHighScore(before - above.Count + 1 + index))],
            [.. below.Select((e, index) => e.ToHighScore(before + 2 + index))]));
    }

    private static Results<BoardEvents, ProblemHttpResult> Stream([AsParameters] StreamHighScores request, HttpContext context, BoardStreams streams)
    {
        var (subscriber, refusal) = streams.Subscribe(ClientAddress.KeyOf(context), request);
        return refusal switch
        {
            BoardStreams.Refusal.TooManyFromClient => Problems.TooManyRequests(context, TimeSpan.FromSeconds(15),
                "This address holds as many live boards open as it may; close one first."),
            BoardStreams.Refusal.TooMany => Problems.Unavailable("This instance holds as many live boards open as it may; try again later."),
            _ => new BoardEvents(subscriber!, streams),
        };
    }

    private static async Task<Ok<GameResponse>> Game([AsParameters] GetGame request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        return TypedResults.Ok(new GameResponse(request.Game, await Boards.RulesAsync(db, request.Game, cancellationToken)));
    }

    private static async Task<Ok<GamesPage>> ListGames([AsParameters] ListGames request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var (entries, bans) = (db.Entries, db.Bans);
        var page = await db.Games.OrderBy(g => g.Game).Skip(request.Skip).Take(request.Take)
            .Select(g => new
            {
                Game = g,
                Held = entries.LongCount(e => e.Game == g.Game && e.State == HeldText),
                Hidden = entries.LongCount(e => e.Game == g.Game && e.State == HiddenText),
                Bans = bans.LongCount(b => b.Game == g.Game),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new GamesPage(await db.Games.LongCountAsync(cancellationToken), request.Skip, request.Take,
            [.. page.Select(g => new GameSummary(g.Game.Game, g.Game.Rules, UnixTime.ToDateTime(g.Game.CreatedAt), g.Held, g.Hidden, g.Bans))]));
    }

    private static async Task<Ok<GameEntriesPage>> Entries([AsParameters] QueryGameEntries request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var state = StoredText.Of(request.State);
        var entries = db.Entries.Where(e => e.Game == request.Game && e.State == state);
        var total = await entries.LongCountAsync(cancellationToken);
        var page = GameEntries.Read(db, request.Game, entries.OrderByDescending(e => e.AchievedAt).ThenByDescending(e => e.SessionId).Skip(request.Skip).Take(request.Take));
        return TypedResults.Ok(new GameEntriesPage(total, request.Skip, request.Take, page));
    }

    private static async Task<Ok<BansPage>> Bans([AsParameters] ListBans request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var bans = db.Bans.Where(b => b.Game == request.Game);
        var page = await bans.OrderByDescending(b => b.BannedAt).ThenBy(b => b.PlayerKey).Skip(request.Skip).Take(request.Take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new BansPage(await bans.LongCountAsync(cancellationToken), request.Skip, request.Take, [.. page.Select(b => b.ToBan())]));
    }

    private static async Task<Ok<AuditLogPage>> Audit([AsParameters] QueryAuditLog request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var log = request.Game is { } game ? db.AuditLog.Where(a => a.Game == game) : db.AuditLog;
        var page = await log.OrderByDescending(a => a.Id).Skip(request.Skip).Take(request.Take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AuditLogPage(await log.LongCountAsync(cancellationToken), request.Skip, request.Take, [.. page.Select(a => a.ToEntry())]));
    }

    private static Task<Results<Ok<GameResponse>, ProblemHttpResult>> SetRules(string game, SetGameRules request, HttpContext context, StorageWriter writer, Moderation moderation) =>
        ModerateAsync(game, writer, db => moderation.SetRules(db, request with { Game = game }, context.Connection.RemoteIpAddress));

    private static Task<Results<Ok<GameEntry>, ProblemHttpResult>> Hide(string game, Guid sessionId, HideEntry request, HttpContext context, StorageWriter writer, Moderation moderation) =>
        ModerateAsync(game, writer, db => moderation.Hide(db, request with { Game = game, SessionId = sessionId }, context.Connection.RemoteIpAddress));

    private static Task<Results<Ok<GameEntry>, ProblemHttpResult>> Unhide(string game, Guid sessionId, UnhideEntry request, HttpContext context, StorageWriter writer, Moderation moderation) =>
        ModerateAsync(game, writer, db => moderation.Unhide(db, request with { Game = game, SessionId = sessionId }, context.Connection.RemoteIpAddress));

    private static Task<Results<Ok<GameEntry>, ProblemHttpResult>> Release(string game, Guid sessionId, ReleaseEntry? request, HttpContext context, StorageWriter writer, Moderation moderation) =>
        ModerateAsync(game, writer, db => moderation.Release(db, (request ?? new ReleaseEntry()) with { Game = game, SessionId = sessionId }, context.Connection.RemoteIpAddress));

    private static Task<Results<Ok<PlayerBan>, ProblemHttpResult>> Ban(string game, BanPlayer request, HttpContext context, StorageWriter writer, Moderation moderation) =>
        OneOf(("playerId", request.PlayerId), ("playerName", request.PlayerName), ("sessionId", request.SessionId)) is { } invalid
            ? Task.FromResult<Results<Ok<PlayerBan>, ProblemHttpResult>>(invalid)
            : ModerateAsync(game, writer, db => moderation.Ban(db, request with { Game = game }, context.Connection.RemoteIpAddress));

    private static Task<Results<Ok<PlayerBan>, ProblemHttpResult>> Lift(string game, LiftBan request, HttpContext context, StorageWriter writer, Moderation moderation) =>
        OneOf(("playerId", request.PlayerId), ("playerName", request.PlayerName)) is { } invalid
            ? Task.FromResult<Results<Ok<PlayerBan>, ProblemHttpResult>>(invalid)
            : ModerateAsync(game, writer, db => moderation.Lift(db, request with { Game = game }, context.Connection.RemoteIpAddress));

    private static Task<Results<Ok<ErasedPlayer>, ProblemHttpResult>> Erase(ErasePlayer request, HttpContext context, StorageWriter writer, Moderation moderation) =>
        OneOf(("playerId", request.PlayerId), ("playerName", request.PlayerName)) is { } invalid
            ? Task.FromResult<Results<Ok<ErasedPlayer>, ProblemHttpResult>>(invalid)
            : ModerateAsync(game: null, writer, db => moderation.Erase(db, request, context.Connection.RemoteIpAddress));

    /// <summary>Runs an admin change on the writer; a game name in the route that is not one, or a refusal, is a problem and changes nothing.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> ModerateAsync<T>(string? game, StorageWriter writer, Func<SessionStoreDb, T> change)
    {
        if (game is not null && !new GameNameAttribute().IsValid(game))
            return Problems.Invalid(new Dictionary<string, string[]> { ["game"] = ["game must be 1 to 64 of the characters A-Z, a-z, 0-9, '_', '.' and '-'."] });
        try
        {
            return TypedResults.Ok(await writer.WriteAsync(change));
        }
        catch (ModerationRefusedException refused)
        {
            return TypedResults.Problem(refused.Message, statusCode: refused.Status, title: refused.Status == StatusCodes.Status404NotFound ? "Not found" : "Conflict");
        }
    }

    /// <summary>A validation problem unless exactly one of the ways to name a player is given.</summary>
    private static ProblemHttpResult? OneOf(params (string Name, object? Value)[] ways) =>
        ways.Count(way => way.Value is not null) == 1 ? null : Problems.Invalid(new Dictionary<string, string[]>
        {
            [ways[0].Name] = [$"Name the player by exactly one of {string.Join(", ", ways[..^1].Select(w => w.Name))} and {ways[^1].Name}."],
        });
}
