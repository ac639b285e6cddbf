namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Waits on an interval that no clock or file name can stop: what was due in the past runs now, and what looks due further
/// ahead than one interval (a backup named in the future, a clock set back) runs one interval from now. No single wait is
/// longer than <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> takes (about 49 days), however long the interval.
/// </summary>
internal static class Schedule
{
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(24);

    /// <summary>How long from <paramref name="now"/> until one <paramref name="interval"/> after <paramref name="last"/>: between zero and one interval.</summary>
    public static TimeSpan Wait(DateTimeOffset last, TimeSpan interval, DateTimeOffset now)
    {
        var wait = last + interval - now;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > interval ? interval : wait;
    }

    public static async Task DelayAsync(TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        while (wait > TimeSpan.Zero)
        {
            var step = wait < LongestDelay ? wait : LongestDelay;
            await Task.Delay(step, time, cancellationToken);
            wait -= step;
        }
    }
}
