namespace SessionStore.ServiceModel;

/// <summary>From this process: reset by a restart, never stored.</summary>
public sealed record SystemStats(
    DateTime StartedAt,
    double UptimeSeconds,
    long RequestsServed,
    long WorkingSetBytes,
    string Version);
