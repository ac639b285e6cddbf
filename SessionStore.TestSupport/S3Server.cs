using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SessionStore.TestSupport;

/// <summary>
/// An S3-protocol server on loopback for the off-host backup tests and benchmarks: s3rver from npm (installed by
/// <c>scripts/s3-lab/up.sh</c>), started with Node.js on a free port, its objects in a temporary folder, one bucket made at
/// startup. Disposing stops it and deletes the folder. It checks request signatures with its one account,
/// <see cref="AccessKey"/>/<see cref="SecretKey"/>.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private const int PortAttempts = 3;

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder output = new();

    private S3Server(Process process, string directory, int port, string bucket)
    {
        this.process = process;
        this.directory = directory;
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
        Bucket = bucket;
    }

    public static string ServerScript => Path.Combine(Repository.Root, "scripts", "s3-lab", "node_modules", "s3rver", "bin", "s3rver.js");

    public Uri ServiceUrl { get; }
    public string Bucket { get; }

    /// <summary>Null when the server can be started here; else why not, in one sentence.</summary>
    public static string? WhyUnavailable()
    {
        if (!File.Exists(ServerScript)) return $"s3rver is not installed ({ServerScript} is missing)";
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            node.WaitForExit();
            return node.ExitCode == 0 ? null : "node --version failed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "Node.js (node) is not on the PATH";
        }
    }

    /// <summary>
    /// Starts a server with an empty bucket named <paramref name="bucket"/> and waits until it answers. s3rver needs its
    /// port named up front, so a port found free can be taken before s3rver binds it; then it tries another.
    /// </summary>
    public static async Task<S3Server> StartAsync(string bucket = "sessionstore-backups")
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = await TryStartAsync(bucket);
            if (server.process.HasExited && server.Output.Contains("EADDRINUSE", StringComparison.Ordinal) && attempt < PortAttempts)
            {
                await server.DisposeAsync();
                continue;
            }
            if (!server.process.HasExited) return server;
            await server.DisposeAsync();
            throw new InvalidOperationException($"s3rver did not come up on {server.ServiceUrl}: {server.Output}");
        }
    }

    /// <summary>Starts s3rver on a free port and waits until it answers, exits or runs out of time (then it is killed).</summary>
    private static async Task<S3Server> TryStartAsync(string bucket)
    {
        var directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { ServerScript, "--directory", directory, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", bucket })
            start.ArgumentList.Add(argument);
        var server = new S3Server(Process.Start(start)!, directory, port, bucket);
        server.process.OutputDataReceived += (_, line) => server.Append(line.Data);
        server.process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!server.process.HasExited && !await server.AnswersAsync())
        {
            if (deadline.Elapsed > StartupTimeout)
            {
                server.process.Kill(entireProcessTree: true);
                await server.process.WaitForExitAsync();
                break;
            }
            await Task.Delay(50);
        }
        if (server.process.HasExited) await server.process.WaitForExitAsync(); // drains what it printed
        return server;
    }

    /// <summary>What the server printed.</summary>
    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>The service's Backup:S3 settings for this server, as configuration keys (':'), with the given secret key.</summary>
    public Dictionary<string, string> Settings(string prefix = "production", string secretKey = SecretKey) => new()
    {
        ["Backup:S3:ServiceUrl"] = ServiceUrl.ToString().TrimEnd('/'),
        ["Backup:S3:Bucket"] = Bucket,
        ["Backup:S3:Prefix"] = prefix,
        ["Backup:S3:Region"] = "us-east-1",
        ["Backup:S3:AccessKey"] = AccessKey,
        ["Backup:S3:SecretKey"] = secretKey,
        ["Backup:S3:ForcePathStyle"] = "true",
    };

    /// <summary>The same as environment variables ('__'), for a service process or the restore command.</summary>
    public Dictionary<string, string> Environment(string prefix = "production", string secretKey = SecretKey) =>
        Settings(prefix, secretKey).ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, ServiceUrl.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }
}
