using SessionStore.Benchmarks.Http;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Read latency at 1,000,000 sessions over HTTP, one client, one request at a time: the stats and high scores
/// (target p99 under 10 ms), the session list with each kind of filter, and pages of the admin database browser.
/// </summary>
public static class ReadLatency
{
    private const int WarmUpRequests = 100;
    private const int PageSamples = 20;
    private const string Browser = "api/admin/tables/sessions/rows?take=100";

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        await using var service = await PublishedService.StartAsync("1,000,000", await directories.CopyOfMillionSessionsAsync("latency-million"));
        using var client = new LoadGenerator(service.BaseAddress, connections: 1);
        client.AdminKey = PublishedService.AdminKey;

        async Task<LoadResult> Measure(string path, int samples)
        {
            await client.RunCountAsync(Math.Min(WarmUpRequests, samples / 10), 1, Workloads.Get(path));
            return await client.RunCountAsync(samples, 1, Workloads.Get(path));
        }
        IReadOnlyList<string> Row(string what, string path, LoadResult result) =>
            [what, $"`{path}`", Ms(result.Percentile(50)), Ms(result.Percentile(99)), Ms(result.LatenciesMs[^1]), Number(result.Requests)];
        string[] header = ["read", "request", "median", "p99", "max", "requests"];

        report.Section("Stats and high scores at 1,000,000 sessions", $"One client, one request at a time, {Number(options.LatencySamples)} requests each after {WarmUpRequests} to warm up.");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (what, path) in new[] { ("stats", "api/stats"), ("high scores", "api/highscores?game=game7") })
        {
            var result = await Measure(path, options.LatencySamples);
            rows.Add(Row(what, path, result));
            report.Target($"GET /api/{path.Split('?')[0][4..]} p99 at 1,000,000 (median {Ms(result.Percentile(50))})", Ms(result.Percentile(99)), "< 10 ms", result.Percentile(99) < 10);
        }
        report.Table(header, rows);

        report.Section("Session lists at 1,000,000 sessions", $"`GET /api/sessions`, 50 newest first with `total`; {PageSamples} requests each.");
        rows = [];
        foreach (var (what, path) in new[]
                 {
                     ("no filter", "api/sessions"),
                     ("a status", "api/sessions?status=completed"),
                     ("a rare status", "api/sessions?status=active"),
                     ("a game", "api/sessions?game=game7"),
                     ("a game and a status", "api/sessions?game=game7&status=abandoned"),
                     ("a player", "api/sessions?playerName=player4242"),
                     ("a player and a status", "api/sessions?playerName=player4242&status=completed"),
                     ("a game, rows 10,001-10,050", "api/sessions?game=game7&skip=10000"),
                 })
            rows.Add(Row(what, path, await Measure(path, PageSamples)));
        report.Table(header, rows);

        report.Section("Admin database browser at 1,000,000 sessions",
            $"`GET /api/admin/tables/sessions/rows`: 100 rows, sorted, filtered, matches counted up to 10,000; {PageSamples} requests each.");
        rows = [];
        double worstIndexed = 0, worst = 0;
        foreach (var (what, query, indexed) in new[]
                 {
                     ("a game, newest first", "&filter=game:eq:game7&orderBy=started_at&desc=true", true),
                     ("a status, newest first", "&filter=status:eq:completed&orderBy=started_at&desc=true", true),
                     ("a player, newest first", "&filter=player_name:eq:player4242&orderBy=started_at&desc=true", true),
                     ("a game, by score", "&filter=game:eq:game7&orderBy=score&desc=true", false),
                     ("a status, by score", "&filter=status:eq:completed&orderBy=score&desc=true", false),
                     ("a name containing, newest first", "&filter=player_name:contains:r4242&orderBy=started_at&desc=true", false),
                 })
        {
            var result = await Measure(Browser + query, PageSamples);
            rows.Add(Row(what + (indexed ? " (an index serves it)" : " (no index serves it)"), Browser + query, result));
            if (indexed) worstIndexed = Math.Max(worstIndexed, result.Percentile(50));
            worst = Math.Max(worst, result.Percentile(50));
        }
        report.Table(header, rows);
        report.Target("admin browser page at 1,000,000, sorted and filtered by indexed columns (slowest median)", Ms(worstIndexed), "< 100 ms", worstIndexed < 100);
        report.Target("admin browser page at 1,000,000, sorted and filtered by any column (slowest median)", Ms(worst), "< 100 ms", worst < 100);
    }
}
