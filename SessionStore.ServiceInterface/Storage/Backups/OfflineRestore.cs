using Microsoft.Data.Sqlite;
using SessionStore.ServiceInterface.Storage.Recovery;
using SessionStore.ServiceInterface.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// <c>dotnet SessionStore.dll restore &lt;backup-file&gt;</c>: replaces the database with a backup while the service
/// is stopped. It refuses while a service holds the data directory, checks the backup with
/// <c>PRAGMA integrity_check</c> first, and moves the current files to quarantine instead of overwriting them.
/// </summary>
public sealed record OfflineRestore(string? BackupFile, string[] ConfigurationArguments)
{
    public const string Command = "restore";

    /// <summary>The command, when the arguments start with <c>restore</c>; null when they start the service.</summary>
    public static OfflineRestore? Parse(string[] args) => args switch
    {
        [Command, var file, .. var rest] when !file.StartsWith('-') => new OfflineRestore(file, rest),
        [Command, .. var rest] => new OfflineRestore(null, rest),
        _ => null,
    };

    /// <summary>Runs the command with the service's configuration; returns the process exit code.</summary>
    public int Run(IServiceProvider services)
    {
        if (BackupFile is null)
        {
            Console.Error.WriteLine($"Usage: dotnet SessionStore.dll {Command} <backup-file>   (a path, or the name of a file in the data directory's backups folder; stop the service first)");
            return 2;
        }
        var files = services.GetRequiredService<DatabaseFiles>();
        try
        {
            files.EnsureDataDirectoryIsUsable();
            using var held = DataDirectoryLock.Acquire(files, "The restore");
            var restored = services.GetRequiredService<DatabaseRecovery>().RestoreFromBackup(Locate(files, BackupFile));
            Console.WriteLine($"Restored {restored.RestoredFromBackup} ({restored.RowsRestored} rows) into {files.DatabasePath}; " +
                              $"the previous database files are in {restored.QuarantinedTo}. Start the service.");
            return 0;
        }
        catch (StorageStartupException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            Console.Error.WriteLine($"The restore failed: {SqliteFaults.Describe(e) ?? e.Message}");
            return 1;
        }
    }

    /// <summary>A path as given, or else the name of one of the backups in backups/.</summary>
    private static string Locate(DatabaseFiles files, string backup)
    {
        var inBackups = Path.Combine(files.BackupsDirectory, backup);
        return !File.Exists(backup) && LocalBackups.IsValidName(backup) && File.Exists(inBackups) ? inBackups : Path.GetFullPath(backup);
    }
}
