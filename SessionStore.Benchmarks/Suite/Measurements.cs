using System.Globalization;

namespace SessionStore.Benchmarks.Suite;

/// <summary>Medians, percentiles and the way figures are written in the report.</summary>
public static class Measurements
{
    /// <summary>The middle value, or the mean of the two middle ones when the count is even (observability-overhead's default 6 rounds).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The median over rounds of <paramref name="numerators"/>[i] / <paramref name="denominators"/>[i]: both sides of a
    /// round ran back to back, so they share the shared machine's load of the moment, which a ratio of medians would not.
    /// </summary>
    public static double MedianRatio(IEnumerable<double> numerators, IEnumerable<double> denominators) =>
        Median(numerators.Zip(denominators, (numerator, denominator) => numerator / denominator));

    /// <summary>The nearest-rank percentile of values already sorted ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Number(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => milliseconds < 10 ? $"{Number(milliseconds, 2)} ms" : $"{Number(milliseconds, 0)} ms";

    public static string Seconds(TimeSpan time) => $"{Number(time.TotalSeconds, 2)} s";

    public static string MiB(double bytes) => $"{Number(bytes / 1024 / 1024, 0)} MiB";

    public static string Ratio(double ratio) => Number(ratio, 2) + "x";

    /// <summary>Every value of a list, for the report: "1.52, 1.61, 1.58".</summary>
    public static string All(IEnumerable<double> values, Func<double, string> format) => string.Join(", ", values.Select(format));
}
