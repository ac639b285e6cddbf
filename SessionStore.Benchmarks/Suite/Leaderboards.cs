using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionStore.Benchmarks.Http;
using SessionStore.ServiceInterface.Leaderboards;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceModel;
using SessionStore.TestSupport;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Leaderboards at 1,000,000 completed sessions of one game by 100,000 players: the top ten of each period and a
/// player's rank with five around (one client, one request at a time), what entering the boards costs the single writer
/// per completion against the same writer without the boards, and 1,000 live-board subscribers on one instance.
/// </summary>
public static class Leaderboards
{
    private const int WarmUpRequests = 100;
    private const int CompletionsPerRound = 2_000;
    private const int Subscribers = 1_000;
    private const int BoardChanges = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        await LeaderboardSessions.EnsureSeededAsync();
        await ReadLatencyAsync(options, directories, report);
        await WriterCostAsync(options, directories, report);
        await SubscribersAsync(directories, report);
    }

    private static async Task ReadLatencyAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        await using var service = await PublishedService.StartAsync("leaderboards", directories.CopyOfLeaderboardSessions("leaderboard-latency"));
        await SettledAsync(service);
        using var client = new LoadGenerator(service.BaseAddress, connections: 1);
        report.Section("Leaderboards at 1,000,000 completed sessions of one game, 100,000 players",
            $"One client, one request at a time, {Number(options.LatencySamples)} requests each after {WarmUpRequests} to warm up. A rank names a random one of " +
            "the 100,000 players by its playerId and asks for 5 entries around it (404 for the players without an entry in that period).");
        var rows = new List<IReadOnlyList<string>>();
        double worstTop = 0, worstRank = 0;
        foreach (var period in new[] { "allTime", "month", "week", "day" })
        {
            var top = $"api/highscores/?game={LeaderboardSessions.Game}&period={period}&take=10";
            Iteration rank = c => c.GetAsync(
                $"api/highscores/rank?game={LeaderboardSessions.Game}&period={period}&around=5&playerId={LeaderboardSessions.PlayerId(c.Random.Next(LeaderboardSessions.Players))}",
                notFoundIsAnAnswer: true);
            foreach (var (what, iteration) in new[] { ($"top 10, {period}", Workloads.Get(top)), ($"rank with 5 around, {period}", rank) })
            {
                await client.RunCountAsync(WarmUpRequests, 1, iteration);
                var result = await client.RunCountAsync(options.LatencySamples, 1, iteration);
                rows.Add([what, Ms(result.Percentile(50)), Ms(result.Percentile(99)), Ms(result.LatenciesMs[^1]), Number(result.Requests)]);
                if (what.StartsWith("top", StringComparison.Ordinal)) worstTop = Math.Max(worstTop, result.Percentile(99));
                else worstRank = Math.Max(worstRank, result.Percentile(99));
            }
        }
        report.Table(["read", "median", "p99", "max", "requests"], rows);
        report.Target("GET /api/highscores top 10 p99 at 1,000,000 in one game, slowest period", Ms(worstTop), "< 10 ms", worstTop < 10);
        report.Target("GET /api/highscores/rank with 5 around p99 at 1,000,000 in one game, slowest period", Ms(worstRank), "< 20 ms", worstRank < 20);
    }

    /// <summary>
    /// Two writers in this process on copies of the seeded database in memory (a tmpfs, so the COMMIT costs no flush and
    /// the writer's time is its CPU): one with every hook, one without the leaderboards' hook. Each round completes the same
    /// number of fresh sessions of random players on each, in turn; the writer's time per completion is the wall time of
    /// the batch, which the single writer runs alone.
    /// </summary>
    private static async Task WriterCostAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        using var withBoards = Open(directories.CopyOfLeaderboardSessions("writer-with-boards", DataOn.Memory), withBoards: true);
        using var without = Open(directories.CopyOfLeaderboardSessions("writer-without-boards", DataOn.Memory), withBoards: false);
        var rounds = new Dictionary<bool, List<(double WallUs, double CpuUs)>> { [true] = [], [false] = [] };
        var random = new Random(7);
        await CompleteAsync(withBoards, CompletionsPerRound, random);   // warm up both: JIT, page cache
        await CompleteAsync(without, CompletionsPerRound, random);
        for (var round = 0; round < options.Rounds; round++)
            foreach (var boards in round % 2 == 0 ? new[] { true, false } : [false, true])
                rounds[boards].Add(await CompleteAsync(boards ? withBoards : without, CompletionsPerRound, random));
        var wallRatio = MedianRatio(rounds[true].Select(r => r.WallUs), rounds[false].Select(r => r.WallUs));
        var cpuRatio = MedianRatio(rounds[true].Select(r => r.CpuUs), rounds[false].Select(r => r.CpuUs));
        report.Section("The writer per completion, with and without the boards",
            $"{options.Rounds} rounds of {Number(CompletionsPerRound)} completions of fresh sessions of random players (of the 100,000, with their ids) on each writer in turn, " +
            "in this process, each on its own copy of the seeded database on a tmpfs. Writer time: the batch's wall time per completion, which the single writer spends " +
            "running the writes and committing them (no flush on a tmpfs); process CPU: this process's CPU time per completion over the same batch.");
        report.Table(["writer", "writer time per completion (median)", "every round", "process CPU per completion (median)"],
            rounds.OrderByDescending(r => r.Key).Select(r => (IReadOnlyList<string>)[
                r.Key ? "with the boards" : "without the boards",
                $"{Number(Median(r.Value.Select(v => v.WallUs)))} µs", All(r.Value.Select(v => v.WallUs), v => Number(v)),
                $"{Number(Median(r.Value.Select(v => v.CpuUs)))} µs"]));
        report.Target("the writer's time per completion, with the boards / without (CPU per completion: " + Ratio(cpuRatio) + ")", Ratio(wallRatio), "<= 1.2x", wallRatio <= 1.2);
    }

    private static IHost Open(string dataDirectory, bool withBoards)
    {
        var host = MillionSessions.StorageHost(dataDirectory, services =>
        {
            if (!withBoards) services.Remove(services.Single(d => d.ImplementationType == typeof(LeaderboardEntries)));
        });
        host.Services.GetRequiredService<DatabaseLifetime>().Open();
        return host;
    }

    /// <summary>Starts <paramref name="count"/> sessions (not measured), then completes them all at once and measures that.</summary>
    private static async Task<(double WallUs, double CpuUs)> CompleteAsync(IHost host, int count, Random random)
    {
        var writer = host.Services.GetRequiredService<StorageWriter>();
        var writes = host.Services.GetRequiredService<SessionWrites>();
        var token = new byte[32];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sessions = await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
        {
            var player = random.Next(LeaderboardSessions.Players);
            var request = new CreateSession { Game = LeaderboardSessions.Game, PlayerName = $"Player {player}", PlayerId = LeaderboardSessions.PlayerId(player) };
            return writer.WriteAsync(db => writes.Create(db, request, token, now));
        }));
        var scores = sessions.Select(_ => (long)random.Next(0, 10_000_000)).ToList();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(sessions.Select((session, i) => writer.WriteAsync(db =>
            writes.Complete(db, new CompleteSession { Id = Guid.Parse(session.Id), Score = scores[i] }, token, now + 60_000))));
        var wall = clock.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return (wall.TotalMicroseconds / count, used.TotalMicroseconds / count);
    }

    /// <summary>
    /// 1,000 subscribers of one board from one address (the per-address limit raised for it), each on its own connection:
    /// the time until all have the board, the service's threads and working set before and while they are held, and how
    /// long a change takes to reach them all.
    /// </summary>
    private static async Task SubscribersAsync(BenchmarkDirectories directories, Report report)
    {
        await using var service = await PublishedService.StartAsync("live boards", directories.CopyOfLeaderboardSessions("leaderboard-live"),
            new Dictionary<string, string> { ["Leaderboards__StreamsPerClient"] = (Subscribers * 2).ToString(CultureInfo.InvariantCulture) });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Subscribers * 2, UseProxy = false }) { BaseAddress = service.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var threadsBefore = Threads(service.ProcessId);
        var memoryBefore = service.WorkingSetBytes;
        var path = $"api/highscores/stream?game={LeaderboardSessions.Game}&period=day&take=10";
        using var stop = new CancellationTokenSource();
        var received = new List<long>[Subscribers];
        var clock = Stopwatch.StartNew();
        var firsts = new TaskCompletionSource[Subscribers];
        var readers = Enumerable.Range(0, Subscribers).Select(i =>
        {
            received[i] = [];
            firsts[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return Task.Run(async () =>
            {
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
                    lock (received[i]) received[i].Add(clock.ElapsedTicks);
                    firsts[i].TrySetResult();
                }
            });
        }).ToList();
        await Task.WhenAll(firsts.Select(f => f.Task)).WaitAsync(TimeSpan.FromMinutes(2));
        var allConnected = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var threadsHeld = Threads(service.ProcessId);
        var memoryHeld = service.WorkingSetBytes;
        var cpuBefore = service.CpuTime;

        var fanOut = new List<double>();
        for (var change = 0; change < BoardChanges; change++)
        {
            var counts = received.Select(r => { lock (r) return r.Count; }).ToArray();
            await PlayAsync(service.Http, $"Live {change}", 100_000_000 + change);
            var answered = clock.ElapsedTicks;
            var deadline = Stopwatch.StartNew();
            while (received.Where((r, i) => { lock (r) return r.Count <= counts[i]; }).Any() && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
            for (var i = 0; i < Subscribers; i++)
                lock (received[i])
                    if (received[i].Count > counts[i]) fanOut.Add((received[i][counts[i]] - answered) * 1000.0 / Stopwatch.Frequency);
        }
        var cpuPerChange = (service.CpuTime - cpuBefore).TotalMilliseconds / BoardChanges;
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        fanOut.Sort();

        report.Section($"{Number(Subscribers)} live-board subscribers",
            $"{Number(Subscribers)} Server-Sent Events streams of the day board from one address, each on its own connection, to the published service " +
            $"(default poll interval, 1 s); then {BoardChanges} completions that each take first place. A change reaches a subscriber when its next board event arrives; " +
            "the time counts from the completion's answer. Threads: the service's (/proc/<pid>/status).");
        report.Table(["figure", "measured"],
        [
            ["all subscribers have the board", Seconds(allConnected)],
            ["service threads, before / holding them", $"{threadsBefore} / {threadsHeld}"],
            ["service working set, before / holding them", $"{MiB(memoryBefore)} / {MiB(memoryHeld)}"],
            ["a change reaches a subscriber: median / p99 / max", $"{Ms(Percentile(fanOut, 50))} / {Ms(Percentile(fanOut, 99))} / {Ms(fanOut.Count == 0 ? double.NaN : fanOut[^1])}"],
            ["changes that reached every subscriber", $"{Number(fanOut.Count)} of {Number(Subscribers * BoardChanges)} deliveries"],
            ["service CPU per change (its completion, the poll, one read, 1,000 writes)", $"{Number(cpuPerChange, 1)} ms"],
        ]);
        report.Target($"{Number(Subscribers)} subscribers held, service threads while holding them", threadsHeld.ToString(CultureInfo.InvariantCulture),
            $"far fewer than {Number(Subscribers)}", threadsHeld < Subscribers / 10);
    }

    private static async Task PlayAsync(HttpClient http, string player, long score)
    {
        using var created = await http.PostAsJsonAsync("api/sessions", new CreateSession { Game = LeaderboardSessions.Game, PlayerName = player });
        var session = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CreateSessionResponse>(Json))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{session.Session.Id}/complete") { Content = JsonContent.Create(new { score }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        (await http.SendAsync(request)).EnsureSuccessStatusCode().Dispose();
    }

    /// <summary>
    /// Waits (up to a minute) until the service uses less than a tenth of a core: its startup check of the 1.2 GB file goes on
    /// in the background after it is ready, and would otherwise be measured with the first reads.
    /// </summary>
    /// <summary>Waits until the service has done its background startup work (CPU under 10% for a second), up to a minute.</summary>
    internal static async Task SettledAsync(ServiceProcess service)
    {
        for (var waited = 0; waited < 60; waited++)
        {
            var before = service.CpuTime;
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (service.CpuTime - before < TimeSpan.FromMilliseconds(100)) return;
        }
    }

    private static int Threads(int processId) =>
        int.Parse(File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim(), CultureInfo.InvariantCulture);
}
