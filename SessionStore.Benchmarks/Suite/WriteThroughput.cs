using System.Globalization;
using SessionStore.Benchmarks.Http;
using SessionStore.TestSupport;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Durable write throughput of the published service, side by side with the same service whose data directory is a
/// tmpfs (nothing durable, every code path the same), with one transaction per request (MaxWriteBatch=1), and, for
/// session starts, with a storage-free app answering the same request from memory: every configuration started at
/// once, driven in turn, in rotating order, by the same load from the same number of connections. A ratio is the
/// median of the rounds' ratios. PostgreSQL, with one instance and with two sharing its database, runs beside them
/// when a server answers (<see cref="PostgreSqlServer"/>). Another configuration is another row.
/// </summary>
public static class WriteThroughput
{
    /// <summary>The connections that start sessions in the first table.</summary>
    private const int CreatingConnections = 32;

    private static readonly ServiceConfiguration Durable = new("durable",
        "data directory on disk, synchronous=FULL, group commit (default MaxWriteBatch)", DataOn.Disk, new Dictionary<string, string>());

    private static readonly ServiceConfiguration InMemory = new("in memory",
        "the same on a tmpfs: no write reaches a disk", DataOn.Memory, new Dictionary<string, string>());

    private static readonly ServiceConfiguration OnePerRequest = new("one transaction per request",
        "on disk with Storage__MaxWriteBatch=1: a commit, and its flush, per write", DataOn.Disk,
        new Dictionary<string, string> { ["Storage__MaxWriteBatch"] = "1" });

    private static readonly ServiceConfiguration StorageFree = new("storage-free",
        "a minimal ASP.NET Core app answering the same request with the same JSON from memory (SessionStore.Benchmarks storage-free)",
        DataOn.Memory, new Dictionary<string, string>(), StorageFree: true);

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        await SessionStartsAsync(options, directories, report);
        await GameRoundsAsync(options, directories, report);
    }

    private static async Task SessionStartsAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        List<ServiceConfiguration> configurations = [Durable, OnePerRequest, StorageFree];
        report.Section("Session starts",
            $"`POST /api/sessions` (a small body, one durable write each) from {CreatingConnections} connections in a loop; {options.Rounds} rounds of " +
            $"{options.RoundLength.TotalSeconds:F0} s per configuration, in rotating order. CPU per start is the service process's (all threads) per " +
            $"answered start; the writer's is its threads' (`{ServiceInterface.Storage.StorageWriter.ThreadName}-*`) per write.\n\n" +
            string.Join('\n', configurations.Select(c => $"- `{c.Name}`: {c.Description}")));
        var rows = new List<IReadOnlyList<string>>();
        var rounds = await RunAsync(options, directories, configurations, CreatingConnections, Workloads.CreateSession, rows);
        report.Table(Columns, rows);

        var toOnePerRequest = MedianRatio(Rates(rounds[Durable]), Rates(rounds[OnePerRequest]));
        var toStorageFree = MedianRatio(Rates(rounds[Durable]), Rates(rounds[StorageFree]));
        var writerCpu = Median(rounds[Durable].Select(r => r.Writer.WriterCpuUsPerWrite));
        var serviceCpu = Median(rounds[Durable].Select(r => r.Writer.ServiceCpu.TotalMilliseconds * 1000 / r.Load.Requests));
        report.Target($"session starts, durable / one transaction per request, {CreatingConnections} connections", Ratio(toOnePerRequest), ">= 5x", toOnePerRequest >= 5);
        report.Target($"session starts, durable / storage-free, {CreatingConnections} connections", Ratio(toStorageFree), ">= 0.5", toStorageFree >= 0.5);
        report.Target("writer CPU per write (session starts, durable)", $"{Number(writerCpu)} µs", "<= 50 µs", writerCpu <= 50);
        report.Target("service CPU per session start (durable)", $"{Number(serviceCpu)} µs", "<= 150 µs", serviceCpu <= 150);
    }

    private static async Task GameRoundsAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        var server = PostgreSqlServer.FromEnvironment("SESSIONSTORE_BENCH_POSTGRES");
        var whyNoPostgreSql = await server.WhyUnavailableAsync() is { } why
            ? $"no PostgreSQL server: {why}; start one with scripts/postgres-lab/up.sh (as root) or set SESSIONSTORE_BENCH_POSTGRES"
            : null;
        // The targets compare Durable with the next two; the rest are rows beside them.
        List<ServiceConfiguration> configurations = [Durable, InMemory, OnePerRequest];
        ServiceConfiguration? postgreSql = null, postgreSqlTwo = null;
        if (whyNoPostgreSql is null)
        {
            configurations.Add(postgreSql = await PostgreSqlAsync(server, "postgresql", instances: 1));
            configurations.Add(postgreSqlTwo = await PostgreSqlAsync(server, "postgresql, two instances", instances: 2));
        }
        report.Section("Game rounds: durable write throughput",
            $"A session mix (start, three heartbeats, complete: {Workloads.WritesPerSession} writes) from each connection in a loop; {options.Rounds} rounds of " +
            $"{options.RoundLength.TotalSeconds:F0} s per configuration and connection count, in rotating order. Disk: {directories.DiskFileSystem}; " +
            $"memory: {directories.MemoryFileSystem}. Writer figures come from each service's /metrics; CPU is the service processes'.\n\n" +
            string.Join('\n', configurations.Select(c => $"- `{c.Name}`: {c.Description}")) +
            (whyNoPostgreSql is null ? "" : $"\n\nNo PostgreSQL rows: {whyNoPostgreSql}."));
        try
        {
            var rows = new List<IReadOnlyList<string>>();
            foreach (var connections in options.Connections)
            {
                var rounds = await RunAsync(options, directories, configurations, connections, Workloads.PlayOneSession, rows);
                var toMemory = MedianRatio(Rates(rounds[Durable]), Rates(rounds[InMemory]));
                var toOnePerRequest = MedianRatio(Rates(rounds[Durable]), Rates(rounds[OnePerRequest]));
                report.Target($"game rounds, durable / in memory, {connections} connections", Ratio(toMemory), ">= 0.7x", toMemory >= 0.7);
                report.Target($"game rounds, durable / one transaction per request, {connections} connections", Ratio(toOnePerRequest), ">= 5x", toOnePerRequest >= 5);
                if (postgreSql is null || postgreSqlTwo is null) continue;
                var postgreSqlToSqlite = MedianRatio(Rates(rounds[postgreSql]), Rates(rounds[Durable]));
                var twoToOne = MedianRatio(Rates(rounds[postgreSqlTwo]), Rates(rounds[postgreSql]));
                report.Target($"game rounds, PostgreSQL one instance / SQLite durable, {connections} connections", Ratio(postgreSqlToSqlite), ">= 0.5x", postgreSqlToSqlite >= 0.5);
                report.Target($"game rounds, PostgreSQL two instances / one, {connections} connections", Ratio(twoToOne), ">= 1.3x", twoToOne >= 1.3);
            }
            report.Table(Columns, rows);
        }
        finally
        {
            if (whyNoPostgreSql is null)
                foreach (var instances in new[] { 1, 2 }) await server.DropDatabaseAsync(PostgreSqlDatabaseName(instances));
        }
    }

    internal static readonly string[] Columns =
    [
        "connections", "configuration", "writes/s (median)", "every round", "latency p50 / p99", "writes per commit",
        "writer per commit: run + COMMIT", "writer busy", "service CPU", "writer CPU", "failed",
    ];

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

    /// <summary>
    /// Starts the configurations, drives each in turn with <paramref name="iteration"/> from <paramref name="connections"/>
    /// connections, adds a row per configuration and returns its rounds.
    /// </summary>
    internal static async Task<Dictionary<ServiceConfiguration, List<Round>>> RunAsync(SuiteOptions options, BenchmarkDirectories directories,
        IReadOnlyList<ServiceConfiguration> configurations, int connections, Iteration iteration, List<IReadOnlyList<string>> rows)
    {
        var running = new List<RunningConfiguration>();
        try
        {
            foreach (var configuration in configurations) running.Add(await configuration.StartAsync(directories));
            var rounds = await MeasureAsync(options, running, connections, iteration);
            foreach (var (service, all) in rounds)
            {
                rows.Add([
                    connections.ToString(CultureInfo.InvariantCulture), service.Name, Number(Median(Rates(all))),
                    All(Rates(all), v => Number(v)),
                    $"{Ms(Median(all.Select(r => r.Load.Percentile(50))))} / {Ms(Median(all.Select(r => r.Load.Percentile(99))))}",
                    service.Configuration.StorageFree ? "" : Number(Median(all.Select(r => r.Writer.MeanBatch)), 1),
                    service.Configuration.StorageFree ? "" : $"{Ms(Median(all.Select(r => r.Writer.MeanRunMs)))} + {Ms(Median(all.Select(r => r.Writer.MeanFlushMs)))}",
                    service.Configuration.StorageFree ? "" : $"{Number(Median(all.Select(r => r.Writer.WriterBusy(r.Load.Elapsed) * 100)))}%",
                    $"{Number(Median(all.Select(r => r.Writer.ServiceCpu.TotalSeconds / r.Load.Elapsed.TotalSeconds)), 2)} cores, " +
                    $"{Number(Median(all.Select(r => r.Writer.ServiceCpu.TotalMilliseconds * 1000 / r.Load.Requests)))} µs/request",
                    service.Configuration.StorageFree ? "" : $"{Number(Median(all.Select(r => r.Writer.WriterCpuUsPerWrite)))} µs/write",
                    Number(all.Sum(r => r.Load.Failures)),
                ]);
            }
            return rounds.ToDictionary(r => r.Key.Configuration, r => r.Value);
        }
        finally
        {
            foreach (var configuration in running) await configuration.DisposeAsync();
        }
    }

    /// <summary>Rounds at one connection count, every configuration in each, in rotating order.</summary>
    private static async Task<Dictionary<RunningConfiguration, List<Round>>> MeasureAsync(
        SuiteOptions options, List<RunningConfiguration> running, int connections, Iteration iteration)
    {
        var rounds = running.ToDictionary(s => s, _ => new List<Round>());
        var generators = running.ToDictionary(s => s, s => new LoadGenerator(s.BaseAddresses, connections));
        try
        {
            foreach (var service in running) await generators[service].RunForAsync(options.WarmUp, connections, iteration);
            for (var round = 0; round < options.Rounds; round++)
            {
                foreach (var service in running.Skip(round % running.Count).Concat(running.Take(round % running.Count)))
                {
                    var before = await service.ReadWriterFiguresAsync();
                    var load = await generators[service].RunForAsync(options.RoundLength, connections, iteration);
                    var writer = await service.ReadWriterFiguresAsync() - before;
                    rounds[service].Add(new Round(load, writer));
                    Console.WriteLine($"  {connections} connections, round {round + 1}, {service.Name}: {Number(load.RequestsPerSecond)} requests/s");
                }
            }
        }
        finally
        {
            foreach (var generator in generators.Values) generator.Dispose();
        }
        return rounds;
    }

    internal static IEnumerable<double> Rates(IEnumerable<Round> rounds) => rounds.Select(r => r.Load.RequestsPerSecond);

    internal sealed record Round(LoadResult Load, WriterFigures Writer);
}
