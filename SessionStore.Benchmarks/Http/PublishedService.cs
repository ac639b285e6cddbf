using SessionStore.TestSupport;

namespace SessionStore.Benchmarks.Http;

/// <summary>
/// SessionStore as it ships: <c>dotnet publish -c Release</c> of the host project into
/// SessionStore.Benchmarks/bin/published-service, done once per benchmark run so it is always this tree's code,
/// and started as a process with the benchmark settings.
/// </summary>
public static class PublishedService
{
    /// <summary>The admin key every benchmarked service is started with, for the database browser's pages.</summary>
    public const string AdminKey = "benchmark-admin-key-0123456789abcdef";

    public static string Directory => Path.Combine(Repository.Root, "SessionStore.Benchmarks", "bin", "published-service");

    public static string DllPath => Path.Combine(Directory, "SessionStore.dll");

    /// <summary>Where <see cref="PublishBaselineAsync"/> puts the service built from another commit.</summary>
    public static string BaselineDirectory => Path.Combine(Repository.Root, "SessionStore.Benchmarks", "bin", "baseline-service");

    public static Task PublishAsync() => PublishAsync(Repository.Root, Directory);

    /// <summary>
    /// Publishes the service as it was at <paramref name="commit"/>, from a detached git worktree removed afterwards, into
    /// <see cref="BaselineDirectory"/>; returns its SessionStore.dll.
    /// </summary>
    public static async Task<string> PublishBaselineAsync(string commit)
    {
        var source = Path.Combine(Path.GetTempPath(), "sessionstore-baseline-" + Guid.NewGuid().ToString("N"));
        (await Command.RunAsync("git", ["-C", Repository.Root, "worktree", "add", "--detach", source, commit])).OrThrow();
        try
        {
            await PublishAsync(source, BaselineDirectory);
        }
        finally
        {
            await Command.RunAsync("git", ["-C", Repository.Root, "worktree", "remove", "--force", source]);
        }
        return Path.Combine(BaselineDirectory, "SessionStore.dll");
    }

    private static async Task PublishAsync(string sourceRoot, string output)
    {
        Console.WriteLine($"dotnet publish {Path.Combine(sourceRoot, "SessionStore")} -c Release -o {output}");
        (await Command.RunAsync("dotnet", ["publish", Path.Combine(sourceRoot, "SessionStore", "SessionStore.csproj"),
            "-c", "Release", "-o", output, "-nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(10))).OrThrow();
    }

    /// <summary>
    /// Starts the published service on <paramref name="dataDirectory"/> with the benchmark settings (rate limits raised, the
    /// admin key, /metrics beside the API, warnings only in the log) and <paramref name="settings"/> on top, and waits until it is ready.
    /// <paramref name="dll"/> names another build of the service (<see cref="PublishBaselineAsync"/>).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string name, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, string? dll = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Admin__ApiKey"] = AdminKey,
            // The load comes from one address, at rates no player reaches: every per-address and per-session limit is out of the way.
            ["RateLimits__SessionCreates__PermitLimit"] = "1000000000",
            ["RateLimits__SessionWrites__PermitLimit"] = "1000000000",
            ["RateLimits__Writes__PermitLimit"] = "1000000000",
            ["RateLimits__Reads__PermitLimit"] = "1000000000",
            ["RateLimits__Health__PermitLimit"] = "1000000000",
            ["RateLimits__ApiExplorer__PermitLimit"] = "1000000000",
            ["Logging__LogLevel__Default"] = "Warning",
            // The writer's figures are read from /metrics beside the API, on the benchmark's own loopback address.
            ["Metrics__ServeBesideApi"] = "true",
            // The one line ServiceProcess waits for: "Now listening on: ...".
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var service = await ServiceProcess.StartAsync(dll ?? DllPath, dataDirectory, environment, name);
        service.Http.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return service;
    }
}
