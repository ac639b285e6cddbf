using System.Text;
using System.Text.Json;
using SessionStore.Benchmarks.Http;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Load shedding: many connections flood one session with writes while one client heartbeats another session. The
/// flood is refused (503) once its session has its share of the queue; the neighbour's writes are admitted and stay
/// fast. The per-session rate limit is raised (as for every benchmarked service), so this measures the writer's
/// queue, not the limiter.
/// </summary>
public static class NoisyNeighbour
{
    private const int FloodConnections = 200;
    private static readonly TimeSpan NeighbourPause = TimeSpan.FromMilliseconds(20);
    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes("""{"score":1}""");

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        var duration = options.RoundLength * options.Rounds;
        report.Section("Noisy neighbour",
            $"{FloodConnections} connections send heartbeats to one session as fast as they are answered, for {Seconds(duration)}, while one client " +
            $"heartbeats another session every {NeighbourPause.TotalMilliseconds:F0} ms. First the neighbour alone, then beside the flood; durable, on disk.");
        await using var service = await PublishedService.StartAsync("noisy neighbour", directories.OnDisk("noisy-neighbour"));
        var (floodedPath, floodedToken) = await StartSessionAsync(service.Http);
        var (neighbourPath, neighbourToken) = await StartSessionAsync(service.Http);
        Iteration neighbour = async client =>
        {
            await client.SendAsync(HttpMethod.Patch, neighbourPath, Heartbeat, neighbourToken);
            await Task.Delay(NeighbourPause);
        };

        using var alone = new LoadGenerator(service.BaseAddress, 1);
        var quiet = await alone.RunForAsync(duration, 1, neighbour);
        using var flood = new LoadGenerator(service.BaseAddress, FloodConnections);
        var flooding = flood.RunForAsync(duration, FloodConnections, client => client.SendAsync(HttpMethod.Patch, floodedPath, Heartbeat, floodedToken));
        var beside = await alone.RunForAsync(duration, 1, neighbour);
        var flooded = await flooding;

        report.Table(["client", "requests", "answered/s", "refused or failed", "latency p50 / p99"],
        [
            ["neighbour, alone", Number(quiet.Requests), Number(quiet.RequestsPerSecond), Number(quiet.Failures), $"{Ms(quiet.Percentile(50))} / {Ms(quiet.Percentile(99))}"],
            ["neighbour, beside the flood", Number(beside.Requests), Number(beside.RequestsPerSecond), Number(beside.Failures), $"{Ms(beside.Percentile(50))} / {Ms(beside.Percentile(99))}"],
            ["the flood", Number(flooded.Requests), Number(flooded.RequestsPerSecond), Number(flooded.Failures), $"{Ms(flooded.Percentile(50))} / {Ms(flooded.Percentile(99))}"],
        ]);
        report.Target("noisy neighbour: the neighbour's heartbeat p99 beside the flood", Ms(beside.Percentile(99)), "< 50 ms", beside.Percentile(99) < 50);
        report.Target("noisy neighbour: the neighbour's heartbeats refused", Number(beside.Failures), "0", beside.Failures == 0);
    }

    private static async Task<(string Path, string Token)> StartSessionAsync(HttpClient http)
    {
        using var response = await http.PostAsync(new Uri("api/sessions", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ($"api/sessions/{answer.RootElement.GetProperty("session").GetProperty("id").GetString()}",
            answer.RootElement.GetProperty("token").GetString()!);
    }
}
