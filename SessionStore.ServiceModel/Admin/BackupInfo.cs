namespace SessionStore.ServiceModel;

/// <summary>A backup file. Verified is true for the service's own backups, which passed PRAGMA integrity_check when written.</summary>
public sealed record BackupInfo(string Name, long SizeBytes, DateTime CreatedAt, bool Verified);
