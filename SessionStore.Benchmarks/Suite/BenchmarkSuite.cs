using System.Globalization;
using SessionStore.Benchmarks.Http;
using SessionStore.TestSupport;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// The whole suite against the published service on loopback: durable write throughput against in memory and against
/// one transaction per request, startup and working set at 1,000,000 sessions against empty, and read latency at
/// 1,000,000, and backups off the host at 1,000,000. Every figure that has a target is a ratio or a percentile measured side by side in this one run.
/// </summary>
public static class BenchmarkSuite
{
    public static async Task RunAsync(SuiteOptions options, string? only = null)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        await PublishedService.PublishAsync();
        var report = new Report();
        using (var directories = new BenchmarkDirectories())
        {
            if (only is not null)
            {
                await (only == "leaderboards" ? Leaderboards.RunAsync(options, directories, report) : GameStats.RunAsync(options, directories, report));
                Console.WriteLine(report.Write(Path.Combine(Repository.Root, "SessionStore.Benchmarks", "bin", $"{only}-results.md"), $"{only}, {started:yyyy-MM-dd HH:mm} UTC, load average before {loadBefore}."));
                return;
            }
            await WriteThroughput.RunAsync(options, directories, report);
            await NoisyNeighbour.RunAsync(options, directories, report);
            await StartupAndMemory.RunAsync(options, directories, report);
            await ReadLatency.RunAsync(options, directories, report);
            await OffHostBackups.RunAsync(options, directories, report);
            await Leaderboards.RunAsync(options, directories, report);
            await GameStats.RunAsync(options, directories, report);
        }

        var path = Path.Combine(Repository.Root, "SessionStore.Benchmarks", "bin", "suite-results.md");
        var header = $"Suite run of {started:yyyy-MM-dd HH:mm} UTC, {(DateTimeOffset.UtcNow - started).TotalMinutes:F1} min: {Environment.ProcessorCount} cores, " +
                     $"{MemoryGiB():F0} GiB, load average before the run {loadBefore}, .NET {Environment.Version}; " +
                     $"`suite {options.Rounds.ToString(CultureInfo.InvariantCulture)} {options.RoundLength.TotalSeconds.ToString(CultureInfo.InvariantCulture)}`.";
        Console.WriteLine();
        Console.WriteLine(report.Write(path, header));
        Console.WriteLine($"(also written to {path})");
    }

    /// <summary>One section of the suite alone, printed: for measuring one thing again without the whole run.</summary>
    public static async Task RunSectionAsync(SuiteOptions options, Func<SuiteOptions, BenchmarkDirectories, Report, Task> section)
    {
        var loadBefore = LoadAverage();
        await PublishedService.PublishAsync();
        var report = new Report();
        using (var directories = new BenchmarkDirectories()) await section(options, directories, report);
        var path = Path.Combine(Repository.Root, "SessionStore.Benchmarks", "bin", "section-results.md");
        Console.WriteLine();
        Console.WriteLine(report.Write(path, $"One section, load average before it {loadBefore}."));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
}
