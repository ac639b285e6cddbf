using Microsoft.Data.Sqlite;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Benchmarks.Http;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Does the service get slower to start, or bigger, as sessions pile up? Alternating rounds of: start the published
/// service on a database of 1,000,000 sessions or on an empty one (both migrated, both in the OS page cache), time
/// process start to the first 200 from /health/ready, make 10,000 random session reads, read the working set, stop.
/// </summary>
public static class StartupAndMemory
{
    private const int ReadingConnections = 4;

    private const string Million = "1,000,000";
    private const string Empty = "empty";
    private const string MillionAfterCrash = "1,000,000, after a crash";

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        report.Section("Startup and working set, 1,000,000 sessions against empty",
            $"{options.Rounds} rounds, rotating which goes first. Time: from starting `dotnet SessionStore.dll` to the first 200 from " +
            $"/health/ready. Working set: VmRSS after {Number(options.RandomReads)} GET /api/sessions/{{id}} of random ids from " +
            $"{ReadingConnections} connections (stored ids at 1,000,000; at empty, random ids, which answer 404). A ratio is the median of the rounds' ratios. " +
            "Every round starts where the last one stopped gracefully, as a restart or a redeploy does, so the file is as the last stop left it and " +
            "PRAGMA quick_check runs in the background. The third row starts the million without the clean-shutdown marker, as after a crash: " +
            "quick_check first, within `Storage__StartupCheckBudget` (2 s).");
        var million = await directories.CopyOfMillionSessionsAsync("startup-million");
        var empty = directories.OnDisk("startup-empty");
        await using (var first = await PublishedService.StartAsync(Empty, empty)) await first.StopAsync(); // migrated, no sessions
        await using (var first = await PublishedService.StartAsync(Million, million)) await first.StopAsync(); // checked once, then stopped gracefully
        var storedIds = RandomStoredIds(million, options.RandomReads);
        var unknownIds = Enumerable.Range(0, options.RandomReads).Select(_ => Guid.CreateVersion7().ToString()).ToList();
        var variants = new (string Name, string Directory, IReadOnlyList<string> Ids, bool AfterCrash)[]
        {
            (Million, million, storedIds, false),
            (Empty, empty, unknownIds, false),
            (MillionAfterCrash, million, storedIds, true),
        };

        var samples = variants.ToDictionary(v => v.Name, _ => new List<(TimeSpan Ready, long WorkingSet)>());
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var (name, directory, ids, afterCrash) in variants.Skip(round % variants.Length).Concat(variants.Take(round % variants.Length)))
            {
                if (afterCrash) File.Delete(Path.Combine(directory, DatabaseFiles.CleanShutdownFileName));
                await using var service = await PublishedService.StartAsync(name, directory);
                using (var reads = new LoadGenerator(service.BaseAddress, ReadingConnections))
                {
                    var result = await reads.RunCountAsync(options.RandomReads, ReadingConnections, Workloads.ReadRandomSession(ids));
                    if (result.Failures > 0) throw new InvalidOperationException($"{result.Failures} random reads failed at {name} sessions.");
                }
                samples[name].Add((service.TimeToReady, service.WorkingSetBytes));
                Console.WriteLine($"  round {round + 1}, {name}: ready after {Seconds(service.TimeToReady)}, working set {MiB(service.WorkingSetBytes)}");
                await service.StopAsync();
            }
        }

        double ReadySeconds(string s) => Median(samples[s].Select(x => x.Ready.TotalSeconds));
        double WorkingSet(string s) => Median(samples[s].Select(x => (double)x.WorkingSet));
        report.Table(["sessions", "to ready (median)", "every round", "working set (median)", "every round"],
            samples.Keys.Select(s => (IReadOnlyList<string>)[
                s, Seconds(TimeSpan.FromSeconds(ReadySeconds(s))), All(samples[s].Select(x => x.Ready.TotalSeconds), v => Number(v, 2)),
                MiB(WorkingSet(s)), All(samples[s].Select(x => (double)x.WorkingSet), MiB)]));
        IEnumerable<double> Ready(string s) => samples[s].Select(x => x.Ready.TotalSeconds);
        var startup = MedianRatio(Ready(Million), Ready(Empty));
        var startupAfterCrash = MedianRatio(Ready(MillionAfterCrash), Ready(Empty));
        var memory = MedianRatio(samples[Million].Select(x => (double)x.WorkingSet), samples[Empty].Select(x => (double)x.WorkingSet));
        report.Target("startup to /health/ready, 1,000,000 / empty", Ratio(startup), "<= 1.2x", startup <= 1.2);
        report.Target("the same after a crash (quick_check within its budget first)", Ratio(startupAfterCrash), "no target", true);
        report.Target($"working set after {Number(options.RandomReads)} random reads, 1,000,000 / empty", Ratio(memory), "<= 1.5x", memory <= 1.5);
    }

    /// <summary>Ids of stored sessions spread over the whole table, read before any service opens the copy.</summary>
    private static List<string> RandomStoredIds(string dataDirectory, int count)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "sessionstore.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM sessions ORDER BY random() LIMIT $count";
        command.Parameters.AddWithValue("$count", count);
        using var reader = command.ExecuteReader();
        var ids = new List<string>(count);
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }
}
