namespace SessionStore.ServiceModel;

/// <summary>Takes a consistent online backup now and verifies it.</summary>
[Route("/api/admin/backups", "POST")]
public sealed record CreateBackup : IReturn<BackupInfo>;
