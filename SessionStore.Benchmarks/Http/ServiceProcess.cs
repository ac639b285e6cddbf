using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SessionStore.Benchmarks.Http;

/// <summary>
/// The published SessionStore (<see cref="PublishedService"/>) as its own process on a loopback port: started, timed
/// until <c>/health/ready</c> answers 200, stopped with SIGTERM as <c>docker stop</c> does.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>The admin key every benchmarked service is started with, for the database browser's pages.</summary>
    public const string AdminKey = "benchmark-admin-key";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);
    private readonly Process process;
    private readonly Queue<string> lastLines = new();

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
        Http.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
    }

    public string Name { get; }
    public Uri BaseAddress { get; }

    /// <summary>For single requests (metrics, admin pages); load goes through a <see cref="LoadGenerator"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>From starting the process to the first 200 from /health/ready.</summary>
    public TimeSpan TimeToReady { get; private set; }

    /// <summary>The resident set of the process (VmRSS), what the working set is on Linux.</summary>
    public long WorkingSetBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    /// <summary>The CPU time the process has used so far, all threads.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the service on <paramref name="dataDirectory"/> with the benchmark settings (rate limits raised, the admin key,
    /// warnings only in the log) and <paramref name="settings"/> on top, and waits until it is ready.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/");
        var start = new ProcessStartInfo("dotnet", [PublishedService.DllPath, "--urls", address.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(PublishedService.DllPath)!,
        };
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Admin__ApiKey"] = AdminKey;
        start.Environment["RateLimits__SessionCreates__PermitLimit"] = "1000000000";
        start.Environment["RateLimits__SessionWrites__PermitLimit"] = "1000000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        var service = new ServiceProcess(name, Process.Start(start)!, address);
        service.process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        service.process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilReadyAsync();
            service.TimeToReady = clock.Elapsed;
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, then waits for the graceful stop (queued writes committed, WAL checkpointed).</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        // Polls often: the time to ready is what is measured. Before the port listens, connecting fails at once.
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name}: SessionStore exited with {process.ExitCode} before it was ready:\n{Output}");
            if (deadline.Elapsed > StartupTimeout) throw new TimeoutException($"{Name}: SessionStore was not ready after {StartupTimeout}:\n{Output}");
            try
            {
                using var response = await probe.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(5);
        }
    }

    private string Output { get { lock (lastLines) return string.Join('\n', lastLines); } }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (lastLines)
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > 50) lastLines.Dequeue();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
