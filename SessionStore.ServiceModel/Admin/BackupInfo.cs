namespace SessionStore.ServiceModel;

/// <summary>
/// A backup. The service's own backups have a manifest beside them (size, SHA-256, row counts, schema version) and passed
/// PRAGMA integrity_check when written: <c>verified</c>. Any other file in backups/ is <c>foreign</c>: listed, never
/// verified, never rotated. <c>provenRestorableAt</c> is when a restore drill last restored this backup and found it whole.
/// </summary>
public sealed record BackupInfo(
    string Name,
    long SizeBytes,
    DateTime CreatedAt,
    bool Verified,
    bool Foreign,
    BackupLocation Location,
    DateTime? ProvenRestorableAt);
