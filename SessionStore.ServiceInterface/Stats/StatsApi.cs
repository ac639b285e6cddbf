using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>The stats API: session counts from the database, system figures from this process.</summary>
public static class StatsApi
{
    public const string Tag = "Stats";

    /// <summary>The per-minute start counts (kept with every session write, rebuilt after a recovery) and this process's figures.</summary>
    public static IServiceCollection AddStats(this IServiceCollection services)
    {
        services.AddSingleton<ISessionChangeHook, SessionStarts>();
        services.AddSingleton<IDerivedData, SessionStartsFromSessions>();
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
                             "startedLast24Hours counts whole UTC minutes, so its window is 24 hours to the minute.");
        return group;
    }

    private static async Task<Ok<StatsResponse>> Get(
        IStorageProvider storage, ProcessStats process, TimeProvider time, CancellationToken cancellationToken)
    {
        var sessions = await ReadSessionStatsAsync(storage, time, cancellationToken);
        return TypedResults.Ok(new StatsResponse(sessions, process.Snapshot()));
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
