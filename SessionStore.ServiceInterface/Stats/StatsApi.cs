using LinqToDB;
using LinqToDB.Async;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>The stats API: session counts from the database, system figures from this process.</summary>
public static class StatsApi
{
    public const string Tag = "Stats";

    public static RouteGroupBuilder MapStats(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/stats").WithTags(Tag);
        group.MapGet("/", Get)
            .WithName(nameof(GetStats))
            .WithSummary("Session and system statistics")
            .WithDescription("'sessions' comes from the database and survives restarts; 'system' describes this process and does not. " +
                             "startedLast24Hours counts whole UTC minutes, so its window is 24 hours to the minute.");
        return group;
    }

    private static async Task<Ok<StatsResponse>> Get(
        DatabaseConnections database, ProcessStats process, TimeProvider time, CancellationToken cancellationToken)
    {
        var sessions = await ReadSessionStatsAsync(database, time, cancellationToken);
        return TypedResults.Ok(new StatsResponse(sessions, process.Snapshot()));
    }

    public static async Task<SessionStats> ReadSessionStatsAsync(DatabaseConnections database, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = database.OpenReader();
        var totals = await SessionCounters.ReadTotalsAsync(db, cancellationToken);
        var windowStart = SessionCounters.MinuteOf(UnixTime.Now(time)) - SessionCounters.MinutesPerDay;
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
