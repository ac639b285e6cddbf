using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>One game's sessions for each UTC day from <c>From</c> to <c>To</c> (both included, at most 366 days).</summary>
[Route("/api/stats/daily", "GET")]
public sealed record GetDailyStats(
    [property: Description("The game, \"default\" if not given.")]
    [property: GameName]
    string Game = Limits.DefaultGame,
    [property: Description("The first UTC day (its time of day is ignored); 29 days before 'to' if not given.")]
    [property: BoardTime]
    DateTime? From = null,
    [property: Description("The last UTC day, included (its time of day is ignored); today if not given.")]
    [property: BoardTime]
    DateTime? To = null) : IReturn<DailyStatsResponse>;

/// <summary>Every day of the range, oldest first, days without sessions included.</summary>
public sealed record DailyStatsResponse(string Game, DateTime From, DateTime To, IReadOnlyList<DayStats> Days);

/// <summary>
/// The sessions that started on one UTC day, and how many of them have completed or been abandoned since.
/// <c>CompletionRate</c> is completed over ended (completed and abandoned), null when none has ended. The mean duration
/// of the completed sessions is exact; p50 and p90 are the upper edges of fixed duration buckets (the README lists them).
/// </summary>
public sealed record DayStats(
    DateTime Day,
    long Started,
    long Completed,
    long Abandoned,
    double? CompletionRate,
    double? MeanDurationSeconds,
    double? P50DurationSeconds,
    double? P90DurationSeconds);
