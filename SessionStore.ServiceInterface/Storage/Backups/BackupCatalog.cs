using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// The backups as the admin API shows them: the files in backups/ (the service's own and foreign ones) and the copies the
/// off-host store held after its last pass, merged by name, each with where it is kept and when a drill last proved it.
/// Reads only what is already known: listing never waits for the store.
/// </summary>
public sealed class BackupCatalog(LocalBackups local, OffHostCopies offHost, DrillHistory drills, IOptions<BackupOptions> options)
{
    /// <summary>Every backup, newest first.</summary>
    public IReadOnlyList<BackupInfo> List()
    {
        var localFiles = local.List();
        var remote = offHost.Remote.Select(manifest => manifest.Name).ToHashSet(StringComparer.Ordinal);
        var localNames = localFiles.Select(file => file.Name).ToHashSet(StringComparer.Ordinal);
        var remoteOnly = offHost.Remote.Where(manifest => !localNames.Contains(manifest.Name))
            .Select(manifest => new BackupInfo(manifest.Name, manifest.SizeBytes, manifest.CreatedAt, Verified: true, Foreign: false,
                BackupLocation.Remote, drills.ProvenAt(manifest.Name)));
        return [.. localFiles.Select(file => new BackupInfo(file.Name, file.SizeBytes, file.CreatedAt, Verified: !file.Foreign, file.Foreign,
                !file.Foreign && remote.Contains(file.Name) ? BackupLocation.Both : BackupLocation.Local, file.Foreign ? null : drills.ProvenAt(file.Name)))
            .Concat(remoteOnly)
            .OrderByDescending(backup => backup.CreatedAt)
            .ThenByDescending(backup => backup.Name, StringComparer.Ordinal)];
    }

    /// <summary>A backup just taken, as the API answers it.</summary>
    public BackupInfo Describe(BackupManifest created) =>
        List().FirstOrDefault(backup => backup.Name == created.Name)
        ?? new BackupInfo(created.Name, created.SizeBytes, created.CreatedAt, Verified: true, Foreign: false, BackupLocation.Local, ProvenRestorableAt: null);

    public BackupHealth Health() => new(
        offHost.Target?.Description,
        offHost.LastUploadAt,
        offHost.ConsecutiveFailures,
        offHost.LastError,
        drills.LastDrillAt,
        options.Value.DrillInterval.TotalSeconds,
        drills.ProvenRestorableBackupAt,
        drills.ProvenRestorableAge?.TotalSeconds);

}
