using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SessionStore.TestSupport;

/// <summary>
/// A SessionStore.dll run as its own operating-system process on a free loopback port: what a crash (SIGKILL), a
/// graceful stop (SIGTERM), a startup failure or a load really does. The tests run the built service, the benchmarks
/// the published one.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);
    private readonly Process process;
    private readonly Stopwatch sinceLaunch = Stopwatch.StartNew();
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    /// <summary>What the caller calls this process in its messages (a benchmark configuration, say).</summary>
    public string Name { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public int ProcessId => process.Id;

    /// <summary>From starting the process to the first 200 from /health/ready.</summary>
    public TimeSpan TimeToReady { get; private set; }

    /// <summary>The CPU time the process's threads whose names start with <paramref name="namePrefix"/> have used so far (Linux: /proc).</summary>
    public TimeSpan ThreadCpuTime(string namePrefix)
    {
        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(namePrefix, StringComparison.Ordinal)) continue;
                // stat: "tid (comm) state ..." then utime and stime at fields 14 and 15, in clock ticks.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the thread ended while it was read
            }
        }
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>USER_HZ, the unit of /proc's CPU times: 100 on every Linux the service runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output { get { lock (output) return output.ToString(); } }

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
    /// Starts <paramref name="dll"/> (with <paramref name="command"/> before its options, if any) on
    /// <paramref name="dataDirectory"/> with <paramref name="environment"/>, and waits until /health/ready answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string dll, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, string name = "SessionStore", params string[] command)
    {
        var service = Launch(name, dll, dataDirectory, environment, runAsUser: null, command);
        try
        {
            var exited = service.process.WaitForExitAsync();
            var started = await Task.WhenAny(service.listening.Task, exited).WaitAsync(StartupTimeout);
            if (started == exited) throw new InvalidOperationException($"{name} exited with {service.process.ExitCode} before listening:\n{service.Output}");
            service.BaseAddress = await service.listening.Task;
            service.Http = new HttpClient { BaseAddress = service.BaseAddress };
            await service.WaitUntilReadyAsync();
            service.TimeToReady = service.sinceLaunch.Elapsed;
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the service and waits for it to exit on its own, as it must when it cannot start. <paramref name="runAsUser"/>
    /// is a user to drop to from root, to meet the permission errors a non-root container meets.
    /// </summary>
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(string dll, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, string? runAsUser = null) =>
        WaitForExitAsync(Launch("SessionStore", dll, dataDirectory, environment, runAsUser));

    /// <summary>Runs a command of the dll (such as <c>restore &lt;file&gt;</c>) against the data directory; returns when it exits.</summary>
    public static Task<(int ExitCode, string Output)> RunCommandAsync(string dll, string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] command) =>
        WaitForExitAsync(Launch("SessionStore", dll, dataDirectory, environment, runAsUser: null, command));

    /// <summary>SIGKILL: no shutdown code runs, as in a crash, an OOM kill or <c>docker rm -f</c>.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, what <c>docker stop</c> sends; returns the exit code after a graceful shutdown.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }

    private static async Task<(int ExitCode, string Output)> WaitForExitAsync(ServiceProcess launched)
    {
        await using var service = launched;
        await service.process.WaitForExitAsync().WaitAsync(StartupTimeout);
        service.process.WaitForExit(); // returns once the redirected output has been read to the end
        return (service.process.ExitCode, service.Output);
    }

    private static ServiceProcess Launch(string name, string dll, string dataDirectory, IReadOnlyDictionary<string, string>? environment,
        string? runAsUser = null, string[]? command = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (runAsUser is not null)
        {
            start.FileName = "setpriv";
            foreach (var arg in new[] { $"--reuid={runAsUser}", $"--regid={runAsUser}", "--clear-groups", "dotnet" }) start.ArgumentList.Add(arg);
        }
        else
        {
            start.FileName = "dotnet";
        }
        string[] arguments = [dll, .. command ?? [], "--urls", "http://127.0.0.1:0"];
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["HOME"] = Path.GetTempPath();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var service = new ServiceProcess(name, new Process { StartInfo = start });
        service.process.OutputDataReceived += (_, e) => service.Collect(e.Data);
        service.process.ErrorDataReceived += (_, e) => service.Collect(e.Data);
        service.process.Start();
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        return service;
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
    }

    /// <summary>Polls often: the time to ready is what the benchmarks measure.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before it was ready:\n{Output}");
            if (sinceLaunch.Elapsed > StartupTimeout) throw new TimeoutException($"{Name} was not ready after {StartupTimeout}:\n{Output}");
            try
            {
                using var response = await probe.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(5);
        }
    }

    // Also inside a JSON log line, where a quote follows the address.
    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
