namespace SessionStore.ServiceInterface.Stats;

/// <summary>
/// The fixed buckets completed durations are counted in, per game and day, so percentiles never read sessions. Bucket i
/// holds durations below <see cref="UpperEdgesSeconds"/>[i] (and at or above the edge before it); the last bucket holds
/// the rest. The README lists the edges; changing them needs a migration that counts the buckets again.
/// </summary>
public static class DurationBuckets
{
    public static readonly int[] UpperEdgesSeconds = [5, 10, 15, 20, 30, 40, 50, 60, 90, 120, 180, 300, 600, 1800, 3600];

    public static int Count => UpperEdgesSeconds.Length + 1;

    public static int Of(long durationMs)
    {
        for (var bucket = 0; bucket < UpperEdgesSeconds.Length; bucket++)
            if (durationMs < UpperEdgesSeconds[bucket] * 1000L) return bucket;
        return UpperEdgesSeconds.Length;
    }

    /// <summary>
    /// The upper edge of the bucket the <paramref name="fraction"/> quantile falls in (the last edge for the open bucket),
    /// or null without durations. <paramref name="counts"/> holds each bucket's count by bucket number.
    /// </summary>
    public static double? Percentile(IReadOnlyDictionary<int, long> counts, double fraction)
    {
        var total = counts.Values.Sum();
        if (total <= 0) return null;
        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var bucket = 0; bucket < Count; bucket++)
        {
            seen += counts.GetValueOrDefault(bucket);
            if (seen >= rank) return UpperEdgesSeconds[Math.Min(bucket, UpperEdgesSeconds.Length - 1)];
        }
        return UpperEdgesSeconds[^1];
    }
}
