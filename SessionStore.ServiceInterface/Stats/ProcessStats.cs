using System.Diagnostics;
using System.Reflection;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>What this process knows about itself. Deliberately not stored: a restart resets it.</summary>
public sealed class ProcessStats(TimeProvider time)
{
    private static readonly string Version =
        typeof(ProcessStats).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private readonly DateTimeOffset startedAt = time.GetUtcNow();
    private long requestsServed;

    public void CountRequest() => Interlocked.Increment(ref requestsServed);

    public SystemStats Snapshot()
    {
        using var process = Process.GetCurrentProcess();
        return new SystemStats(
            StartedAt: startedAt.UtcDateTime,
            UptimeSeconds: (time.GetUtcNow() - startedAt).TotalSeconds,
            RequestsServed: Interlocked.Read(ref requestsServed),
            WorkingSetBytes: process.WorkingSet64,
            Version: Version);
    }
}
