using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SessionStore.ServiceModel;

namespace SessionStore.Benchmarks;

/// <summary>
/// What the request log and metrics cost in durable write throughput: two real SessionStore processes built
/// from this tree, one with RequestLog and Metrics off, one with both on (and /metrics scraped every 5 s, as
/// Prometheus would), driven in alternating rounds by the same HTTP workload: start a session, three
/// heartbeats, complete it. Every write is committed with synchronous=FULL before it is answered. Alternating
/// rounds in one run share the machine's ups and downs; the ratio of the median throughputs is the answer.
/// </summary>
public static partial class ObservabilityOverhead
{
    private const int WritesPerSession = 5;

    public static async Task RunAsync(int rounds, TimeSpan roundLength, int clients)
    {
        var raised = new Dictionary<string, string>
        {
            ["RateLimits__SessionCreates__PermitLimit"] = "100000000",
            ["RateLimits__SessionWrites__PermitLimit"] = "100000000",
        };
        await using var off = await Service.StartAsync("off", new(raised) { ["RequestLog__Enabled"] = "false", ["Metrics__Enabled"] = "false" });
        await using var on = await Service.StartAsync("on", new(raised) { ["RequestLog__Enabled"] = "true", ["Metrics__Enabled"] = "true" });
        Console.WriteLine($"{clients} clients, {rounds} rounds of {roundLength.TotalSeconds} s each way, alternating; writes per second:");

        await MeasureAsync(off, TimeSpan.FromSeconds(5), clients, scrape: false); // warm-up
        await MeasureAsync(on, TimeSpan.FromSeconds(5), clients, scrape: true);
        var offRates = new List<double>();
        var onRates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Which goes first alternates too, so neither always follows the other's checkpoint.
            var (first, second) = round % 2 == 1 ? (off, on) : (on, off);
            foreach (var service in new[] { first, second })
            {
                var rate = await MeasureAsync(service, roundLength, clients, scrape: service == on);
                (service == on ? onRates : offRates).Add(rate);
                Console.WriteLine($"  round {round}, log and metrics {service.Name,-3}: {rate,8:F0}");
            }
        }

        var ratio = Median(onRates) / Median(offRates);
        Console.WriteLine($"median off: {Median(offRates):F0} writes/s, median on: {Median(onRates):F0} writes/s");
        Console.WriteLine($"on/off = {ratio:F3}: the request log and metrics cost {(1 - ratio) * 100:F1}% of durable write throughput");
        Console.WriteLine($"logged requests: {await on.LoggedRequestsAsync()}; /metrics write batches: {await on.MetricAsync("sessionstore_storage_write_batch_size_count")}");
    }

    private static async Task<double> MeasureAsync(Service service, TimeSpan length, int clients, bool scrape)
    {
        using var stop = new CancellationTokenSource(length);
        var writes = 0L;
        var clock = Stopwatch.StartNew();
        var players = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await PlayOneSessionAsync(service.Http);
                Interlocked.Add(ref writes, WritesPerSession);
            }
        })).ToList();
        if (scrape) players.Add(Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await service.Http.GetStringAsync("metrics");
                try { await Task.Delay(TimeSpan.FromSeconds(5), stop.Token); } catch (OperationCanceledException) { }
            }
        }));
        await Task.WhenAll(players);
        return writes / clock.Elapsed.TotalSeconds;
    }

    private static async Task PlayOneSessionAsync(HttpClient http)
    {
        using var created = await http.PostAsJsonAsync("api/sessions", new CreateSession { PlayerName = "bench", Game = "bench" });
        created.EnsureSuccessStatusCode();
        var session = await created.Content.ReadFromJsonAsync<CreateSessionResponse>();
        for (var score = 1; score <= WritesPerSession - 2; score++)
            await SendAsync(http, HttpMethod.Patch, $"api/sessions/{session!.Session.Id}", new UpdateSession { Score = score }, session.Token);
        await SendAsync(http, HttpMethod.Post, $"api/sessions/{session!.Session.Id}/complete", new CompleteSession { Score = 100 }, session.Token);
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, object body, string token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The built SessionStore.dll as its own process on a free loopback port, with a fresh data directory.</summary>
    private sealed partial class Service : IAsyncDisposable
    {
        private readonly Process process;
        private readonly string dataDirectory;

        private Service(string name, Process process, string dataDirectory, Uri address)
        {
            Name = name;
            this.process = process;
            this.dataDirectory = dataDirectory;
            Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = address };
        }

        public string Name { get; }
        public HttpClient Http { get; }

        public static async Task<Service> StartAsync(string name, Dictionary<string, string> environment)
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), "sessionstore-bench", $"overhead-{name}-{Environment.ProcessId}");
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
            var start = new ProcessStartInfo("dotnet", [BuiltServiceDll(), "--urls", "http://127.0.0.1:0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["Storage__DataDirectory"] = dataDirectory;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
            foreach (var (key, value) in environment) start.Environment[key] = value;
            var process = Process.Start(start)!;
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) => { if (e.Data is { } line && Listening().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value + "/")); };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new Service(name, process, dataDirectory, address);
        }

        public async Task<long> LoggedRequestsAsync()
        {
            // The request log has no admin key here; count its rows through SQLite instead of the API.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "logs.db")};Mode=ReadOnly");
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM requests";
            return (long)(await count.ExecuteScalarAsync())!;
        }

        public async Task<string> MetricAsync(string name) =>
            (await Http.GetStringAsync("metrics")).Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..] ?? "none";

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }

        /// <summary>The host's own output beside ours: bin/{configuration}/{tfm} of SessionStore instead of SessionStore.Benchmarks.</summary>
        private static string BuiltServiceDll()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionStore.slnx"))) directory = directory.Parent;
            var root = directory?.FullName ?? throw new InvalidOperationException($"No SessionStore.slnx above {AppContext.BaseDirectory}.");
            var outputBelowProject = Path.GetRelativePath(Path.Combine(root, "SessionStore.Benchmarks"), AppContext.BaseDirectory);
            var dll = Path.Combine(root, "SessionStore", outputBelowProject, "SessionStore.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("SessionStore.dll is missing: build the solution first.", dll);
        }

        [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
        private static partial Regex Listening();
    }
}
