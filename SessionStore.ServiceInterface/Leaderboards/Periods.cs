using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// The UTC windows a board covers. An entry belongs to one bucket per period: the start of its day, ISO week (from
/// Monday) and month, in Unix milliseconds; all time is the one bucket 0. Boards are read by bucket, so a past period
/// stays readable and nothing is deleted when a new one starts.
/// </summary>
public static class Periods
{
    public const long Day = 86_400_000;
    public const long Week = 7 * Day;
    /// <summary>1970-01-05, the first Monday after the Unix epoch.</summary>
    public const long FirstMonday = 4 * Day;

    public static IReadOnlyList<BoardPeriod> All { get; } = [BoardPeriod.AllTime, BoardPeriod.Day, BoardPeriod.Week, BoardPeriod.Month];

    /// <summary>The period as the <c>period</c> column of <c>leaderboard_rows</c> stores it.</summary>
    public static int Number(BoardPeriod period) => period switch
    {
        BoardPeriod.AllTime => 0,
        BoardPeriod.Day => 1,
        BoardPeriod.Week => 2,
        BoardPeriod.Month => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    public static long BucketOf(BoardPeriod period, long at) => period switch
    {
        BoardPeriod.AllTime => 0,
        BoardPeriod.Day => Floor(at, Day),
        BoardPeriod.Week => Floor(at - FirstMonday, Week) + FirstMonday,
        BoardPeriod.Month => MonthOf(at).ToUnixTimeMilliseconds(),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>The period's start and end (exclusive) as UTC times; none for all time.</summary>
    public static (DateTime? From, DateTime? To) Window(BoardPeriod period, long bucket) => period switch
    {
        BoardPeriod.AllTime => (null, null),
        BoardPeriod.Day => (UnixTime.ToDateTime(bucket), UnixTime.ToDateTime(bucket + Day)),
        BoardPeriod.Week => (UnixTime.ToDateTime(bucket), UnixTime.ToDateTime(bucket + Week)),
        BoardPeriod.Month => (UnixTime.ToDateTime(bucket), MonthOf(bucket).AddMonths(1).UtcDateTime),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    private static DateTimeOffset MonthOf(long at)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(at);
        return new DateTimeOffset(time.Year, time.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private static long Floor(long value, long unit) => value - ((value % unit) + unit) % unit;
}
