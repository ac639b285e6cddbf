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

public static class RequestCounting
{
    /// <summary>Counts every request this process answers, for <see cref="SystemStats.RequestsServed"/>.</summary>
    public static IApplicationBuilder UseRequestCounting(this IApplicationBuilder app)
    {
        var stats = app.ApplicationServices.GetService(typeof(ProcessStats)) as ProcessStats
            ?? throw new InvalidOperationException("AddSessionStore() registers ProcessStats.");
        return app.Use(async (context, next) =>
        {
            try { await next(context); }
            finally { stats.CountRequest(); }
        });
    }
}
