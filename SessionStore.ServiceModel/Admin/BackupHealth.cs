namespace SessionStore.ServiceModel;

/// <summary>
/// How the backups stand. <c>offHostTarget</c> is where copies go off the host (<c>s3://bucket/prefix</c>, never a key),
/// null when none is configured; the upload figures describe the copies to it. <c>provenRestorableBackupAt</c> is when the
/// newest backup a restore drill restored and found whole was taken, and <c>provenRestorableAgeSeconds</c> how long ago.
/// </summary>
public sealed record BackupHealth(
    string? OffHostTarget,
    DateTime? LastUploadAt,
    int ConsecutiveUploadFailures,
    string? LastUploadError,
    DateTime? LastDrillAt,
    double DrillIntervalSeconds,
    DateTime? ProvenRestorableBackupAt,
    double? ProvenRestorableAgeSeconds);
