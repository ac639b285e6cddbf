namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// A place the service keeps its backups: <c>backups/</c> in the data directory (<see cref="LocalBackups"/>) or an
/// S3-compatible store off the host (<see cref="S3BackupTarget"/>). Restore drills, restores and rotation work through
/// this interface alone. Invariants: <see cref="ListAsync"/> returns only the service's own backups, those with a
/// manifest, newest first; <see cref="CopyToAsync"/> never leaves a file whose size or SHA-256 differs from the manifest.
/// </summary>
public interface IBackupTarget
{
    BackupLocation Location { get; }

    /// <summary>Where, for people and logs: a folder, or <c>s3://bucket/prefix</c>. Never a key.</summary>
    string Description { get; }

    /// <summary>The service's own backups here, newest first.</summary>
    /// <exception cref="BackupTargetException">The target cannot be read.</exception>
    Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Copies <paramref name="backup"/> to <paramref name="destination"/> and checks it against its manifest.</summary>
    /// <exception cref="BackupTargetException">The copy failed, or the bytes are not the ones the manifest recorded (the destination is deleted).</exception>
    Task CopyToAsync(BackupManifest backup, string destination, CancellationToken cancellationToken);

    /// <summary>Deletes a backup and then its manifest.</summary>
    /// <exception cref="BackupTargetException">The target cannot be written.</exception>
    Task DeleteAsync(BackupManifest backup, CancellationToken cancellationToken);
}
