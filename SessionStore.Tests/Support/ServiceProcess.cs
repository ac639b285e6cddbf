using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SessionStore.Tests.Support;

/// <summary>
/// The built SessionStore, run as its own operating-system process on a free loopback port: what a
/// crash (SIGKILL), a graceful stop (SIGTERM) or a startup failure really does.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process) => this.process = process;

    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public SessionStoreClient Client => new(Http);
    public SessionStoreClient AdminClient(string adminKey) => new(Http) { AdminKey = adminKey };
    public int ProcessId => process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>Starts the service and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(string dataDirectory, IDictionary<string, string>? environment = null)
    {
        var service = Launch(dataDirectory, environment);
        try
        {
            var exited = service.process.WaitForExitAsync();
            var started = await Task.WhenAny(service.listening.Task, exited).WaitAsync(StartupTimeout);
            if (started == exited) throw new InvalidOperationException($"SessionStore exited with {service.process.ExitCode} before listening:\n{service.Output}");
            service.BaseAddress = await service.listening.Task;
            service.Http = new HttpClient { BaseAddress = service.BaseAddress };
            await service.WaitUntilReadyAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the service and waits for it to exit on its own, as it must when it cannot start.</summary>
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(string dataDirectory, IDictionary<string, string>? environment = null, string? runAsUser = null) =>
        WaitForExitAsync(Launch(dataDirectory, environment, runAsUser));

    /// <summary>Runs a command of SessionStore.dll (such as <c>restore &lt;file&gt;</c>) against the data directory; returns when it exits.</summary>
    public static Task<(int ExitCode, string Output)> RunCommandAsync(string dataDirectory, params string[] command) =>
        WaitForExitAsync(Launch(dataDirectory, environment: null, runAsUser: null, command));

    private static async Task<(int ExitCode, string Output)> WaitForExitAsync(ServiceProcess launched)
    {
        await using var service = launched;
        await service.process.WaitForExitAsync().WaitAsync(StartupTimeout);
        service.process.WaitForExit(); // returns once the redirected output has been read to the end
        return (service.process.ExitCode, service.Output);
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash, an OOM kill or <c>docker rm -f</c>.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, what <c>docker stop</c> sends; returns the exit code after a graceful shutdown.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }

    private static ServiceProcess Launch(string dataDirectory, IDictionary<string, string>? environment, string? runAsUser = null, string[]? command = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(BuiltService.DllPath)!,
        };
        if (runAsUser is not null)
        {
            // Drop from root to another user, to meet the permission errors a non-root container meets.
            start.FileName = "setpriv";
            foreach (var arg in new[] { $"--reuid={runAsUser}", $"--regid={runAsUser}", "--clear-groups", "dotnet" }) start.ArgumentList.Add(arg);
        }
        else
        {
            start.FileName = "dotnet";
        }
        string[] arguments = [BuiltService.DllPath, .. command ?? [], "--urls", "http://127.0.0.1:0"];
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["HOME"] = Path.GetTempPath();
        foreach (var (key, value) in RaisedLimits.Environment) start.Environment[key] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var service = new ServiceProcess(new Process { StartInfo = start });
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
        if (ListeningLine().Match(line) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"SessionStore did not become ready:\n{Output}");
            await Task.Delay(50);
        }
    }

    // Also inside a JSON log line, where a quote follows the address.
    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
