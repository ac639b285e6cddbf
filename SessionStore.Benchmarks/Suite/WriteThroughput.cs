using SessionStore.TestSupport;
using System.Globalization;
using SessionStore.Benchmarks.Http;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Durable write throughput of the published service, side by side with the same service whose data directory is a
/// tmpfs (nothing durable, every code path the same) and with one transaction per request (MaxWriteBatch=1): every
/// configuration started at once, driven in turn, in rotating order, by the same session mix from the same number of
/// connections. A ratio is the median of the rounds' ratios. PostgreSQL, with one instance and with two sharing its
/// database, runs beside them when a server answers (<see cref="PostgreSqlServer"/>). Another configuration is
/// another row.
/// </summary>
public static class WriteThroughput
{
    private static readonly ServiceConfiguration Durable = new("durable",
        "data directory on disk, synchronous=FULL, group commit (default MaxWriteBatch)", DataOn.Disk, new Dictionary<string, string>());

    private static readonly ServiceConfiguration InMemory = new("in memory",
        "the same on a tmpfs: no write reaches a disk", DataOn.Memory, new Dictionary<string, string>());

    private static readonly ServiceConfiguration OnePerRequest = new("one transaction per request",
        "on disk with Storage__MaxWriteBatch=1: a commit, and its flush, per write", DataOn.Disk,
        new Dictionary<string, string> { ["Storage__MaxWriteBatch"] = "1" });

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        var server = PostgreSqlServer.FromEnvironment("SESSIONSTORE_BENCH_POSTGRES");
        var whyNoPostgreSql = await server.WhyUnavailableAsync() is { } why
            ? $"no PostgreSQL server: {why}; start one with scripts/postgres-lab/up.sh (as root) or set SESSIONSTORE_BENCH_POSTGRES"
            : null;
        // The targets compare Durable with the next two; the rest are rows beside them.
        List<ServiceConfiguration> configurations = [Durable, InMemory, OnePerRequest];
        if (whyNoPostgreSql is null)
        {
            configurations.Add(await PostgreSqlAsync(server, "postgresql", instances: 1));
            configurations.Add(await PostgreSqlAsync(server, "postgresql, two instances", instances: 2));
        }
        report.Section("Durable write throughput",
            $"A session mix (start, three heartbeats, complete: {Workloads.WritesPerSession} writes) from each connection in a loop; {options.Rounds} rounds of " +
            $"{options.RoundLength.TotalSeconds:F0} s per configuration and connection count, in rotating order. Disk: {directories.DiskFileSystem}; " +
            $"memory: {directories.MemoryFileSystem}. Writer figures come from each service's /metrics; CPU is the service processes'.\n\n" +
            string.Join('\n', configurations.Select(c => $"- `{c.Name}`: {c.Description}")) +
            (whyNoPostgreSql is null ? "" : $"\n\nNo PostgreSQL rows: {whyNoPostgreSql}."));
        var running = new List<RunningConfiguration>();
        try
        {
            foreach (var configuration in configurations) running.Add(await configuration.StartAsync(directories));
            var rows = new List<IReadOnlyList<string>>();
            foreach (var connections in options.Connections)
            {
                var rates = await MeasureAsync(options, running, connections, rows);
                var toMemory = MedianRatio(rates[Durable], rates[InMemory]);
                var toOnePerRequest = MedianRatio(rates[Durable], rates[OnePerRequest]);
                report.Target($"durable / in memory, {connections} connections", Ratio(toMemory), ">= 0.7x", toMemory >= 0.7);
                report.Target($"durable / one transaction per request, {connections} connections", Ratio(toOnePerRequest), ">= 5x", toOnePerRequest >= 5);
            }
            report.Table(["connections", "configuration", "writes/s (median)", "every round", "latency p50 / p99", "writes per commit",
                          "writer per commit: run + COMMIT", "writer busy", "service CPU", "failed"], rows);
        }
        finally
        {
            foreach (var configuration in running) await configuration.DisposeAsync();
            if (whyNoPostgreSql is null)
                foreach (var instances in new[] { 1, 2 }) await server.DropDatabaseAsync(PostgreSqlDatabaseName(instances));
        }
    }

    private static string PostgreSqlDatabaseName(int instances) => $"sessionstore_bench_{instances}";

    /// <summary>
    /// The service on a database of its own on the PostgreSQL server, whose commits are durable by its defaults
    /// (fsync, synchronous_commit=on); with two instances the load is spread over both and they share the database.
    /// </summary>
    private static async Task<ServiceConfiguration> PostgreSqlAsync(PostgreSqlServer server, string name, int instances)
    {
        var connectionString = await server.CreateDatabaseAsync(PostgreSqlDatabaseName(instances));
        return new ServiceConfiguration(name,
            $"Storage__Provider=PostgreSql, PostgreSQL at {server.Address} (data on disk, synchronous_commit=on), " +
            (instances == 1 ? "one instance" : $"{instances} instances on one database, the connections spread over them"),
            DataOn.Disk,
            new Dictionary<string, string> { ["Storage__Provider"] = "PostgreSql", ["ConnectionStrings__SessionStore"] = connectionString },
            instances);
    }

    /// <summary>Rounds at one connection count; adds a row per configuration and returns each one's writes per second, round by round.</summary>
    private static async Task<Dictionary<ServiceConfiguration, List<double>>> MeasureAsync(
        SuiteOptions options, List<RunningConfiguration> running, int connections, List<IReadOnlyList<string>> rows)
    {
        var rounds = running.ToDictionary(s => s, _ => new List<Round>());
        var generators = running.ToDictionary(s => s, s => new LoadGenerator(s.BaseAddresses, connections));
        try
        {
            foreach (var service in running) await generators[service].RunForAsync(options.WarmUp, connections, Workloads.PlayOneSession);
            for (var round = 0; round < options.Rounds; round++)
            {
                foreach (var service in running.Skip(round % running.Count).Concat(running.Take(round % running.Count)))
                {
                    var before = await service.ReadWriterFiguresAsync();
                    var load = await generators[service].RunForAsync(options.RoundLength, connections, Workloads.PlayOneSession);
                    var writer = await service.ReadWriterFiguresAsync() - before;
                    rounds[service].Add(new Round(load, writer));
                    Console.WriteLine($"  {connections} connections, round {round + 1}, {service.Name}: {Number(load.RequestsPerSecond)} writes/s");
                }
            }
        }
        finally
        {
            foreach (var generator in generators.Values) generator.Dispose();
        }

        foreach (var (service, all) in rounds)
        {
            rows.Add([
                connections.ToString(CultureInfo.InvariantCulture), service.Name, Number(Median(all.Select(r => r.Load.RequestsPerSecond))),
                All(all.Select(r => r.Load.RequestsPerSecond), v => Number(v)),
                $"{Ms(Median(all.Select(r => r.Load.Percentile(50))))} / {Ms(Median(all.Select(r => r.Load.Percentile(99))))}",
                Number(Median(all.Select(r => r.Writer.MeanBatch)), 1),
                $"{Ms(Median(all.Select(r => r.Writer.MeanRunMs)))} + {Ms(Median(all.Select(r => r.Writer.MeanFlushMs)))}",
                $"{Number(Median(all.Select(r => r.Writer.WriterBusy(r.Load.Elapsed) * 100)))}%",
                $"{Number(Median(all.Select(r => r.Writer.ServiceCpu.TotalSeconds / r.Load.Elapsed.TotalSeconds)), 2)} cores, {Number(Median(all.Select(r => r.Writer.CpuMsPerWrite * 1000)))} µs/write",
                Number(all.Sum(r => r.Load.Failures)),
            ]);
        }
        return rounds.ToDictionary(r => r.Key.Configuration, r => r.Value.Select(x => x.Load.RequestsPerSecond).ToList());
    }

    private sealed record Round(LoadResult Load, WriterFigures Writer);
}
