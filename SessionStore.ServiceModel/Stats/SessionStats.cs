namespace SessionStore.ServiceModel;

/// <summary>From the database: the same before and after a restart.</summary>
public sealed record SessionStats(
    long Total,
    long Active,
    long Completed,
    long Abandoned,
    long StartedLast24Hours,
    double AverageDurationSeconds);
