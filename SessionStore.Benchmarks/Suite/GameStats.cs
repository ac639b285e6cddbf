using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionStore.Benchmarks.Http;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceModel;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Per-game statistics at 1,000,000 sessions over 90 days in 10 games: a year of one game's days and 90 days of its
/// drop-off (one client, one request at a time), and what keeping the per-game tables costs the single writer per
/// write against the same writer without them.
/// </summary>
public static class GameStats
{
    private const int WarmUpRequests = 100;
    private const int SessionsPerRound = 2_000;

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        await GameStatsSessions.EnsureSeededAsync();
        await ReadLatencyAsync(options, directories, report);
        await WriterCostAsync(options, directories, report);
    }

    private static async Task ReadLatencyAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        await using var service = await PublishedService.StartAsync("game stats", directories.CopyOfGameStatsSessions("game-stats-latency"));
        await Leaderboards.SettledAsync(service);
        using var client = new LoadGenerator(service.BaseAddress, connections: 1);
        var today = DateTime.UtcNow.Date;
        var yearAgo = today.AddDays(-365).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var ninetyDaysAgo = today.AddDays(-89).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        report.Section("Per-game statistics at 1,000,000 sessions over 90 days in 10 games",
            $"One client, one request at a time, {Number(options.LatencySamples)} requests each after {WarmUpRequests} to warm up, each for a random one of the 10 games.");
        var rows = new List<IReadOnlyList<string>>();
        var p99 = new Dictionary<string, double>();
        foreach (var (what, path) in new[]
                 {
                     ("daily stats, 366 days", $"api/stats/daily?from={yearAgo}&game="),
                     ("drop-off, 90 days", $"api/stats/dropoff?from={ninetyDaysAgo}&game="),
                     ("stats of one game", "api/stats/?game="),
                 })
        {
            Iteration iteration = c => c.GetAsync(path + GameStatsSessions.Game(c.Random.Next(GameStatsSessions.Games)));
            await client.RunCountAsync(WarmUpRequests, 1, iteration);
            var result = await client.RunCountAsync(options.LatencySamples, 1, iteration);
            rows.Add([what, Ms(result.Percentile(50)), Ms(result.Percentile(99)), Ms(result.LatenciesMs[^1]), Number(result.Requests)]);
            p99[what] = result.Percentile(99);
        }
        report.Table(["read", "median", "p99", "max", "requests"], rows);
        report.Target("GET /api/stats/daily, a year of one game, p99", Ms(p99["daily stats, 366 days"]), "< 20 ms", p99["daily stats, 366 days"] < 20);
        report.Target("GET /api/stats/dropoff, 90 days of one game, p99", Ms(p99["drop-off, 90 days"]), "< 20 ms", p99["drop-off, 90 days"] < 20);
    }

    /// <summary>
    /// Two writers in this process on copies of the seeded database on a tmpfs: one with every hook, one without the
    /// per-game tables' hook. Each round plays the same number of fresh sessions on each, in turn: a start, a heartbeat
    /// with a level, and an end (every fourth abandoned). Writer time is the wall time of those writes per write; CPU
    /// is this process's CPU time per write over the same writes.
    /// </summary>
    private static async Task WriterCostAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        using var with = Open(directories.CopyOfGameStatsSessions("writer-with-game-stats", DataOn.Memory), withGameStats: true);
        using var without = Open(directories.CopyOfGameStatsSessions("writer-without-game-stats", DataOn.Memory), withGameStats: false);
        var rounds = new Dictionary<bool, List<(double WallUs, double CpuUs)>> { [true] = [], [false] = [] };
        var random = new Random(9);
        await PlayAsync(with, SessionsPerRound, random);
        await PlayAsync(without, SessionsPerRound, random);
        for (var round = 0; round < options.Rounds; round++)
            foreach (var gameStats in round % 2 == 0 ? new[] { true, false } : [false, true])
                rounds[gameStats].Add(await PlayAsync(gameStats ? with : without, SessionsPerRound, random));
        var wallRatio = MedianRatio(rounds[true].Select(r => r.WallUs), rounds[false].Select(r => r.WallUs));
        var cpuRatio = MedianRatio(rounds[true].Select(r => r.CpuUs), rounds[false].Select(r => r.CpuUs));
        report.Section("The writer per write, with and without the per-game tables",
            $"{options.Rounds} rounds of {Number(SessionsPerRound)} fresh sessions of random games (a start, a heartbeat with a level, an end; every fourth abandoned) " +
            "on each writer in turn, in this process, each on its own copy of the seeded database on a tmpfs. Writer time: wall time per write; process CPU: this " +
            "process's CPU time per write over the same writes.");
        report.Table(["writer", "writer time per write (median)", "process CPU per write (median)", "every round (CPU)"],
            rounds.OrderByDescending(r => r.Key).Select(r => (IReadOnlyList<string>)[
                r.Key ? "with the per-game tables" : "without them",
                $"{Number(Median(r.Value.Select(v => v.WallUs)))} µs",
                $"{Number(Median(r.Value.Select(v => v.CpuUs)))} µs", All(r.Value.Select(v => v.CpuUs), v => Number(v))]));
        report.Target("the writer's CPU per write, with the per-game tables / without (writer time: " + Ratio(wallRatio) + ")", Ratio(cpuRatio), "<= 1.1x", cpuRatio <= 1.1);
    }

    private static IHost Open(string dataDirectory, bool withGameStats)
    {
        var host = MillionSessions.StorageHost(dataDirectory, services =>
        {
            if (!withGameStats) services.Remove(services.Single(d => d.ImplementationType == typeof(GameDays)));
        });
        host.Services.GetRequiredService<DatabaseLifetime>().Open();
        return host;
    }

    private static async Task<(double WallUs, double CpuUs)> PlayAsync(IHost host, int count, Random random)
    {
        var writer = host.Services.GetRequiredService<StorageWriter>();
        var writes = host.Services.GetRequiredService<SessionWrites>();
        var token = new byte[32];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var games = Enumerable.Range(0, count).Select(_ => GameStatsSessions.Game(random.Next(GameStatsSessions.Games))).ToList();
        var levels = Enumerable.Range(0, count).Select(_ => random.Next(1, 11)).ToList();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var sessions = await Task.WhenAll(games.Select(game =>
            writer.WriteAsync(db => writes.Create(db, new CreateSession { Game = game, Metadata = new JsonObject { ["level"] = 1 } }, token, now))));
        await Task.WhenAll(sessions.Select((session, i) => writer.WriteAsync(db =>
            writes.Update(db, new UpdateSession { Id = Guid.Parse(session.Id), Score = i, Metadata = new JsonObject { ["level"] = levels[i] } }, token, now + 30_000))));
        await Task.WhenAll(sessions.Select((session, i) => writer.WriteAsync(db => i % 4 == 0
            ? writes.Abandon(db, new AbandonSession { Id = Guid.Parse(session.Id) }, token, now + 60_000 + i)
            : writes.Complete(db, new CompleteSession { Id = Guid.Parse(session.Id), Score = i }, token, now + 60_000 + i))));
        var wall = clock.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return (wall.TotalMicroseconds / (3 * count), used.TotalMicroseconds / (3 * count));
    }
}
