using SessionStore.TestSupport;
using Microsoft.Data.Sqlite;
using SessionStore.Benchmarks.Http;
using SessionStore.Benchmarks.Suite;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks;

/// <summary>
/// What the request log and metrics cost in durable write throughput: two published SessionStore processes, one with
/// RequestLog and Metrics off, one with both on (and /metrics scraped every 5 s, as Prometheus would), driven in
/// alternating rounds by the suite's load generator and session mix. Every write is committed with
/// synchronous=FULL before it is answered. The ratio of the median throughputs is the answer.
/// </summary>
public static class ObservabilityOverhead
{
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(int rounds, TimeSpan roundLength, int clients)
    {
        await PublishedService.PublishAsync();
        using var directories = new BenchmarkDirectories();
        var onDirectory = directories.OnDisk("observability-on");
        await using var off = await PublishedService.StartAsync("off", directories.OnDisk("observability-off"),
            new Dictionary<string, string> { ["RequestLog__Enabled"] = "false", ["Metrics__Enabled"] = "false" });
        await using var on = await PublishedService.StartAsync("on", onDirectory,
            new Dictionary<string, string> { ["RequestLog__Enabled"] = "true", ["Metrics__Enabled"] = "true" });
        using var offLoad = new LoadGenerator(off.BaseAddress, clients);
        using var onLoad = new LoadGenerator(on.BaseAddress, clients);
        Console.WriteLine($"{clients} clients, {rounds} rounds of {roundLength.TotalSeconds} s each way, alternating; writes per second:");

        await offLoad.RunForAsync(TimeSpan.FromSeconds(5), clients, Workloads.PlayOneSession); // warm-up
        await onLoad.RunForAsync(TimeSpan.FromSeconds(5), clients, Workloads.PlayOneSession);
        var offRates = new List<double>();
        var onRates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Which goes first alternates too, so neither always follows the other's checkpoint.
            var order = round % 2 == 1 ? new[] { false, true } : [true, false];
            foreach (var measuringOn in order)
            {
                var rate = measuringOn
                    ? await WhileScrapingAsync(on, () => onLoad.RunForAsync(roundLength, clients, Workloads.PlayOneSession))
                    : (await offLoad.RunForAsync(roundLength, clients, Workloads.PlayOneSession)).RequestsPerSecond;
                (measuringOn ? onRates : offRates).Add(rate);
                Console.WriteLine($"  round {round}, log and metrics {(measuringOn ? "on" : "off"),-3}: {rate,8:F0}");
            }
        }

        var ratio = Median(onRates) / Median(offRates);
        Console.WriteLine($"median off: {Median(offRates):F0} writes/s, median on: {Median(onRates):F0} writes/s");
        Console.WriteLine($"on/off = {ratio:F3}: the request log and metrics cost {(1 - ratio) * 100:F1}% of durable write throughput");
        var batches = WriterFigures.Metric(await on.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)), "sessionstore_storage_write_batch_size_count");
        Console.WriteLine($"logged requests: {await LoggedRequestsAsync(onDirectory)}; /metrics write batches: {batches}");
    }

    private static async Task<double> WhileScrapingAsync(ServiceProcess service, Func<Task<LoadResult>> load)
    {
        using var stop = new CancellationTokenSource();
        var scraper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await service.Http.GetStringAsync(new Uri("metrics", UriKind.Relative), CancellationToken.None);
                try { await Task.Delay(ScrapeInterval, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var result = await load();
        await stop.CancelAsync();
        await scraper;
        return result.RequestsPerSecond;
    }

    /// <summary>The request log has no admin key here; its rows are counted through SQLite instead of the API.</summary>
    private static async Task<long> LoggedRequestsAsync(string dataDirectory)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // the log is written once a second
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "logs.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM requests";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
