namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// A <c>.db</c> file in backups/: the service's own when a manifest beside it names it and matches its size
/// (<see cref="Manifest"/> is set), foreign otherwise.
/// </summary>
public sealed record BackupFile(string Name, long SizeBytes, DateTime ModifiedAt, BackupManifest? Manifest)
{
    public bool Foreign => Manifest is null;

    /// <summary>When the backup was taken, from its manifest; a foreign file's modification time, which says nothing about its data.</summary>
    public DateTime CreatedAt => Manifest?.CreatedAt ?? ModifiedAt;
}
