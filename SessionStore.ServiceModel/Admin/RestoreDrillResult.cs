namespace SessionStore.ServiceModel;

/// <summary>
/// One restore drill of one location: the newest backup there was copied into a scratch folder, its SHA-256 checked
/// against its manifest, then PRAGMA integrity_check and the row counts of every table compared with the manifest.
/// <c>outcome</c> says what was found in one sentence.
/// </summary>
public sealed record RestoreDrillResult(
    DateTime At,
    BackupLocation Location,
    string? Backup,
    DateTime? BackupCreatedAt,
    bool Passed,
    string Outcome,
    double DurationSeconds);
