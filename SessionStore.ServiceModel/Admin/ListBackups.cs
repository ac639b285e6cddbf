namespace SessionStore.ServiceModel;

/// <summary>Lists the backups in the data directory's backups folder, newest first.</summary>
[Route("/api/admin/backups", "GET")]
public sealed record ListBackups : IReturn<IReadOnlyList<BackupInfo>>;
