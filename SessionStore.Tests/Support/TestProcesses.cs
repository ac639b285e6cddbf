using SessionStore.TestSupport;

namespace SessionStore.Tests.Support;

/// <summary>The built service as a process, as the suites start it: with the session rate limits raised (<see cref="RaisedLimits"/>).</summary>
public static class TestProcesses
{
    public static Task<ServiceProcess> StartAsync(string dataDirectory, IDictionary<string, string>? environment = null) =>
        ServiceProcess.StartAsync(BuiltService.DllPath, dataDirectory, WithRaisedLimits(environment));

    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(string dataDirectory, IDictionary<string, string>? environment = null, string? runAsUser = null) =>
        ServiceProcess.RunUntilExitAsync(BuiltService.DllPath, dataDirectory, WithRaisedLimits(environment), runAsUser);

    public static Task<(int ExitCode, string Output)> RunCommandAsync(string dataDirectory, params string[] command) =>
        ServiceProcess.RunCommandAsync(BuiltService.DllPath, dataDirectory, WithRaisedLimits(null), command);

    private static Dictionary<string, string> WithRaisedLimits(IDictionary<string, string>? environment)
    {
        var all = RaisedLimits.Environment.ToDictionary();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) all[key] = value;
        return all;
    }
}

/// <summary>Typed clients for a service process.</summary>
public static class ServiceProcessClients
{
    extension(ServiceProcess service)
    {
        public SessionStoreClient Client => new(service.Http);

        public SessionStoreClient AdminClient(string adminKey) => new(service.Http) { AdminKey = adminKey };
    }
}
