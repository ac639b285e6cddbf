using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>The stats API: session counts from the database (of every game or one, per day, and where players quit), system figures from this process.</summary>
public static class StatsApi
{
    public const string Tag = "Stats";

    /// <summary>The per-minute start counts and each game's per-day figures (kept with every session write, rebuilt after a recovery) and this process's figures.</summary>
    public static IServiceCollection AddStats(this IServiceCollection services)
    {
        services.AddSingleton<ISessionChangeHook, SessionStarts>();
        services.AddSingleton<IDerivedData, SessionStartsFromSessions>();
        services.AddSingleton<ISessionChangeHook, GameDays>();
        services.AddSingleton<IDerivedData, GameDaysFromSessions>();
        services.AddHostedService<SessionStartsRetention>();
        services.AddSingleton<ProcessStats>();
        return services;
    }

    public static RouteGroupBuilder MapStats(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithApiTag(Tag, "Session counts from the database and figures of the running process.");
        group.MapRequest<GetStats>(Get)
            .WithSummary("Session and system statistics")
            .WithDescription("'sessions' comes from the database and survives restarts; 'system' describes this process and does not. " +
                             "startedLast24Hours counts whole UTC minutes, so its window is 24 hours to the minute. With game, the sessions are that game's.");
        group.MapRequest<GetDailyStats>(Daily)
            .WithSummary("A game's sessions per UTC day")
            .WithDescription("For each day from 'from' to 'to' (at most 366 days), the sessions that started that day: how many, how many have completed and been abandoned since, " +
                             "the completion rate (completed over ended), and the mean, p50 and p90 of the completed durations. The percentiles are upper edges of fixed buckets.")
            .ProducesValidationProblem();
        group.MapRequest<GetDropOff>(DropOff)
            .WithSummary("Where players quit a game")
            .WithDescription("The abandoned sessions that started from 'from' to 'to' (at most 366 days), counted by their last integer metadata.level and by the minute of play they were last seen in.")
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<Ok<StatsResponse>> Get(
        [AsParameters] GetStats request, IStorageProvider storage, ProcessStats process, TimeProvider time, CancellationToken cancellationToken)
    {
        var sessions = request.Game is { } game
            ? await ReadGameStatsAsync(storage, game, time, cancellationToken)
            : await ReadSessionStatsAsync(storage, time, cancellationToken);
        return TypedResults.Ok(new StatsResponse(sessions, process.Snapshot()));
    }

    private static async Task<Results<Ok<DailyStatsResponse>, ProblemHttpResult>> Daily(
        [AsParameters] GetDailyStats request, IStorageProvider storage, TimeProvider time, CancellationToken cancellationToken)
    {
        var (range, problem) = DayRange.Of(request.From, request.To, time);
        if (range is null) return problem!;
        await using var db = storage.OpenReader();
        var days = await GameDayReads.DaysAsync(db, request.Game, range, cancellationToken);
        return TypedResults.Ok(new DailyStatsResponse(request.Game, range.FirstDay, range.LastDay, days));
    }

    private static async Task<Results<Ok<DropOffResponse>, ProblemHttpResult>> DropOff(
        [AsParameters] GetDropOff request, IStorageProvider storage, TimeProvider time, CancellationToken cancellationToken)
    {
        var (range, problem) = DayRange.Of(request.From, request.To, time);
        if (range is null) return problem!;
        await using var db = storage.OpenReader();
        return TypedResults.Ok(await GameDayReads.DropOffAsync(db, request.Game, range, cancellationToken));
    }

    private static async Task<SessionStats> ReadGameStatsAsync(IStorageProvider storage, string game, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var totals = await GameDayReads.TotalsAsync(db, game, cancellationToken);
        var startedLast24Hours = await GameDayReads.StartedSinceAsync(db, game, (SessionStarts.MinuteOf(UnixTime.Now(time)) - SessionStarts.MinutesPerDay + 1) * SessionStarts.MillisecondsPerMinute, cancellationToken);
        return new SessionStats(
            Total: totals.Started,
            Active: totals.Started - totals.Completed - totals.Abandoned,
            Completed: totals.Completed,
            Abandoned: totals.Abandoned,
            StartedLast24Hours: startedLast24Hours,
            AverageDurationSeconds: totals.Completed == 0 ? 0 : totals.CompletedDurationMs / 1000.0 / totals.Completed);
    }

    private static async Task<SessionStats> ReadSessionStatsAsync(IStorageProvider storage, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var totals = await SessionTotals.ReadAsync(db, cancellationToken);
        var windowStart = SessionStarts.MinuteOf(UnixTime.Now(time)) - SessionStarts.MinutesPerDay;
        var startedLast24Hours = await db.SessionStarts
            .Where(s => s.Minute > windowStart)
            .SumAsync(s => (long?)s.Started, cancellationToken) ?? 0;
        return new SessionStats(
            Total: totals.Total,
            Active: totals.Active,
            Completed: totals.Completed,
            Abandoned: totals.Abandoned,
            StartedLast24Hours: startedLast24Hours,
            AverageDurationSeconds: totals.Completed == 0 ? 0 : totals.CompletedDurationMs / 1000.0 / totals.Completed);
    }
}
