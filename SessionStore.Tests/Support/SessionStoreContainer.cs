namespace SessionStore.Tests.Support;

/// <summary>
/// A container of the SessionStore image, reached through its port 8080 published on loopback.
/// Disposing it removes it (<c>docker rm -f</c>); the host folder it used stays.
/// </summary>
public sealed class SessionStoreContainer : IAsyncDisposable
{
    public const string Healthy = "running healthy";
    private static readonly TimeSpan HealthyTimeout = TimeSpan.FromMinutes(2);
    private HttpClient? http;

    private SessionStoreContainer(string id) => Id = id;

    public string Id { get; }

    /// <summary>The client over the published port; valid once the container is healthy.</summary>
    public SessionStoreClient Client => new(http ?? throw new InvalidOperationException("Wait until the container is healthy first."));

    /// <summary><c>docker run -d -v hostFolder:/data</c>, the way the README runs the image.</summary>
    public static async Task<SessionStoreContainer> RunAsync(string image, string hostFolder) =>
        new(await Docker.RunAsync("run", "--detach", "--name", $"{image}-{Guid.NewGuid().ToString("N")[..8]}",
            "--publish", "127.0.0.1::8080", "--volume", $"{hostFolder}:/data", image));

    /// <summary>A container someone else started, e.g. compose.</summary>
    public static SessionStoreContainer Existing(string id) => new(id);

    /// <summary>
    /// Waits while the image's HEALTHCHECK says <c>starting</c> and returns the state then:
    /// <c>running healthy</c>, <c>running unhealthy</c>, <c>exited</c>, or still starting after two minutes.
    /// </summary>
    public async Task<string> WaitWhileStartingAsync()
    {
        var deadline = DateTime.UtcNow + HealthyTimeout;
        while (true)
        {
            var state = await InspectAsync("{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}");
            if (!state.EndsWith(" starting", StringComparison.Ordinal) || DateTime.UtcNow > deadline) return state;
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the container is healthy and connects <see cref="Client"/>; fails with its logs if it does not get there.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        var state = await WaitWhileStartingAsync();
        if (state != Healthy) Assert.Fail($"The container is '{state}', not '{Healthy}'. Its logs:\n{await LogsAsync()}");
        var published = await Docker.RunAsync("port", Id, "8080/tcp");
        http ??= new HttpClient { BaseAddress = new Uri($"http://{published.Split('\n')[0].Trim()}/") };
    }

    /// <summary><c>docker stop</c>: SIGTERM, then SIGKILL after the grace period. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await Docker.RunAsync("stop", Id);
        return int.Parse(await InspectAsync("{{.State.ExitCode}}"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for the container to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync() =>
        int.Parse(await Docker.RunAsync("wait", Id), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>docker rm -f</c>: SIGKILL and delete, no shutdown code runs.</summary>
    public Task RemoveForcedAsync() => Docker.RunAsync("rm", "--force", Id);

    /// <summary>What the service printed, stdout and stderr.</summary>
    public async Task<string> LogsAsync()
    {
        var logs = await Docker.TryAsync("logs", Id);
        return logs.StandardOutput + logs.StandardError;
    }

    public Task<string> InspectAsync(string format) => Docker.RunAsync("inspect", "--format", format, Id);

    public async ValueTask DisposeAsync()
    {
        http?.Dispose();
        await Docker.TryAsync("rm", "--force", Id);
    }
}
