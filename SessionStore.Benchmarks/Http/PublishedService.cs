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
    public const string AdminKey = "benchmark-admin-key";

    public static string Directory => Path.Combine(Repository.Root, "SessionStore.Benchmarks", "bin", "published-service");

    public static string DllPath => Path.Combine(Directory, "SessionStore.dll");

    public static async Task PublishAsync()
    {
        Console.WriteLine($"dotnet publish SessionStore -c Release -o {Directory}");
        (await Command.RunAsync("dotnet", ["publish", Path.Combine(Repository.Root, "SessionStore", "SessionStore.csproj"),
            "-c", "Release", "-o", Directory, "-nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(10))).OrThrow();
    }

    /// <summary>
    /// Starts the published service on <paramref name="dataDirectory"/> with the benchmark settings (rate limits raised, the
    /// admin key, warnings only in the log) and <paramref name="settings"/> on top, and waits until it is ready.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Admin__ApiKey"] = AdminKey,
            ["RateLimits__SessionCreates__PermitLimit"] = "1000000000",
            ["RateLimits__SessionWrites__PermitLimit"] = "1000000000",
            ["Logging__LogLevel__Default"] = "Warning",
            // The one information line the benchmarks need: "Now listening on", which says where the service is.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var service = await ServiceProcess.StartAsync(DllPath, dataDirectory, environment, name);
        service.Http.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return service;
    }
}
