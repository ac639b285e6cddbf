namespace SessionStore.ServiceModel;

/// <summary>Reads session statistics (stored) and system statistics (this process only).</summary>
public sealed record GetStats;

public sealed record StatsResponse(SessionStats Sessions, SystemStats System);

/// <summary>From the database: the same before and after a restart.</summary>
public sealed record SessionStats(
    long Total,
    long Active,
    long Completed,
    long Abandoned,
    long StartedLast24Hours,
    double AverageDurationSeconds);

/// <summary>From this process: reset by a restart, never stored.</summary>
public sealed record SystemStats(
    DateTime StartedAt,
    double UptimeSeconds,
    long RequestsServed,
    long WorkingSetBytes,
    string Version);
