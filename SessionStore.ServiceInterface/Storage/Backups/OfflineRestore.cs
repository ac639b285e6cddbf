using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage.Recovery;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// <c>dotnet SessionStore.dll restore &lt;backup-file&gt;</c>, or <c>restore --from-s3 latest|&lt;name&gt;</c> after losing the
/// host: replaces the database with a backup while the service is stopped, into an empty data directory or an existing one.
/// It refuses while a service holds the data directory, checks the backup (an off-host copy against its manifest's SHA-256,
/// then any backup with <c>PRAGMA integrity_check</c>) before anything changes, and moves the current files to quarantine
/// instead of overwriting them.
/// </summary>
public sealed record OfflineRestore(string? BackupFile, string? FromS3, string[] ConfigurationArguments)
{
    public const string Command = "restore";
    public const string FromS3Option = "--from-s3";
    public const string Latest = "latest";

    /// <summary>The command, when the arguments start with <c>restore</c>; null when they start the service.</summary>
    public static OfflineRestore? Parse(string[] args) => args switch
    {
        [Command, FromS3Option, var name, .. var rest] when !name.StartsWith('-') => new OfflineRestore(null, name, rest),
        [Command, FromS3Option, .. var rest] => new OfflineRestore(null, null, rest),
        [Command, var file, .. var rest] when !file.StartsWith('-') => new OfflineRestore(file, null, rest),
        [Command, .. var rest] => new OfflineRestore(null, null, rest),
        _ => null,
    };

    /// <summary>Runs the command with the service's configuration; returns the process exit code.</summary>
    public async Task<int> RunAsync(IServiceProvider services)
    {
        if (BackupFile is null && FromS3 is null)
        {
            await Console.Error.WriteLineAsync(
                $"Usage: dotnet SessionStore.dll {Command} <backup-file>   (a path, or the name of a file in the data directory's backups folder)\n" +
                $"       dotnet SessionStore.dll {Command} {FromS3Option} {Latest}|<backup-name>   (from the Backup__S3__* store)\n" +
                "Stop the service first.");
            return 2;
        }
        var files = services.GetRequiredService<DatabaseFiles>();
        try
        {
            files.EnsureDataDirectoryIsUsable();
            using var held = DataDirectoryLock.Acquire(files, "The restore");
            var recovery = services.GetRequiredService<DatabaseRecovery>();
            var restored = FromS3 is { } name
                ? await RestoreFromS3Async(files, recovery, services.GetRequiredService<IOptions<BackupOptions>>().Value.S3, name)
                : recovery.RestoreFromBackup(Locate(files, BackupFile!));
            Console.WriteLine($"Restored {restored.RestoredFromBackup} ({restored.RowsRestored} rows) into {files.DatabasePath}; " +
                              (Directory.Exists(restored.QuarantinedTo) && Directory.EnumerateFileSystemEntries(restored.QuarantinedTo).Any()
                                  ? $"the previous database files are in {restored.QuarantinedTo}. "
                                  : "there were no database files before. ") +
                              "Start the service.");
            return 0;
        }
        catch (StorageStartupException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (BackupTargetException e)
        {
            await Console.Error.WriteLineAsync($"The restore failed, nothing was changed: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            await Console.Error.WriteLineAsync($"The restore failed: {SqliteFaults.Describe(e) ?? e.Message}");
            return 1;
        }
    }

    /// <summary>Downloads the named (or newest) off-host copy into the data directory, checked against its manifest, and restores it.</summary>
    private static async Task<RecoveryEvent> RestoreFromS3Async(DatabaseFiles files, DatabaseRecovery recovery, S3BackupOptions options, string name)
    {
        if (!options.Enabled)
            throw new StorageStartupException($"{FromS3Option} needs the store: set Backup__S3__Bucket (and Backup__S3__ServiceUrl, Backup__S3__AccessKey, " +
                                              "Backup__S3__SecretKey as for the service).");
        using var store = new S3BackupTarget(options);
        var backups = await store.ListAsync(CancellationToken.None);
        var backup = (name == Latest ? (backups is [var newest, ..] ? newest : null) : backups.FirstOrDefault(b => b.Name == name))
            ?? throw new StorageStartupException(backups.Count == 0
                ? $"There is no backup in {store.Description}. Nothing was changed."
                : $"There is no backup {name} in {store.Description}; it holds {string.Join(", ", backups.Select(b => b.Name))}. Nothing was changed.");
        if (Directory.Exists(files.DownloadDirectory)) Directory.Delete(files.DownloadDirectory, recursive: true);
        Directory.CreateDirectory(files.DownloadDirectory);
        try
        {
            var download = Path.Combine(files.DownloadDirectory, backup.Name);
            Console.WriteLine($"Downloading {backup.Name} ({backup.SizeBytes:N0} bytes, taken {backup.CreatedAt:u}) from {store.Description}...");
            await store.CopyToAsync(backup, download, CancellationToken.None);
            return recovery.RestoreFromBackup(download, $"{backup.Name} from {store.Description}");
        }
        finally
        {
            Directory.Delete(files.DownloadDirectory, recursive: true);
        }
    }

    /// <summary>A path as given, or else the name of one of the backups in backups/.</summary>
    private static string Locate(DatabaseFiles files, string backup)
    {
        var inBackups = Path.Combine(files.BackupsDirectory, backup);
        return !File.Exists(backup) && LocalBackups.IsValidName(backup) && File.Exists(inBackups) ? inBackups : Path.GetFullPath(backup);
    }
}
