using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>A range of whole UTC days as Unix day numbers, both included: at most <see cref="MaxDays"/>.</summary>
public sealed record DayRange(long First, long Last)
{
    public const int MaxDays = 366;
    private const int DefaultDays = 30;

    public DateTime FirstDay => DayOf(First);
    public DateTime LastDay => DayOf(Last);

    public static DateTime DayOf(long day) => UnixTime.ToDateTime(day * GameDayTally.MillisecondsPerDay);

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (today and the 29 days before if not given), or the problem with them.</summary>
    public static (DayRange? Range, ProblemHttpResult? Problem) Of(DateTime? from, DateTime? to, TimeProvider time)
    {
        var last = (to is { } end ? UnixTime.FromDateTime(end) : UnixTime.Now(time)) / GameDayTally.MillisecondsPerDay;
        var first = from is { } start ? UnixTime.FromDateTime(start) / GameDayTally.MillisecondsPerDay : last - (DefaultDays - 1);
        if (first > last) return (null, Invalid("from", "from must be a day no later than to."));
        if (last - first + 1 > MaxDays) return (null, Invalid("to", $"A range covers at most {MaxDays} days; ask for a shorter one."));
        return (new DayRange(Math.Max(0, first), last), null);
    }

    private static ProblemHttpResult Invalid(string field, string message) =>
        Problems.Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
