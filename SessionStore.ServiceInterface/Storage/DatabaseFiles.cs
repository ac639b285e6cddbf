using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>The data directory and the files the service keeps in it.</summary>
public sealed class DatabaseFiles
{
    public const string DatabaseFileName = "sessionstore.db";
    public const string BackupsFolderName = "backups";
    public const string QuarantineFolderName = "quarantine";
    public const string RecoveryEventsFileName = "recovery-events.json";
    public const string LockFileName = "sessionstore.lock";
    public const string RestoreDrillsFileName = "restore-drills.json";
    public const string CleanShutdownFileName = "sessionstore.clean";

    public DatabaseFiles(IOptions<StorageOptions> options) : this(options.Value.DataDirectory) { }

    public DatabaseFiles(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        DatabasePath = Path.Combine(DataDirectory, DatabaseFileName);
    }

    public string DataDirectory { get; }
    public string DatabasePath { get; }
    public string WalPath => DatabasePath + "-wal";
    public string SharedMemoryPath => DatabasePath + "-shm";
    /// <summary>A rollback journal: never ours (we use WAL), but it belongs to the file if someone left one.</summary>
    public string RollbackJournalPath => DatabasePath + "-journal";
    public string BackupsDirectory => Path.Combine(DataDirectory, BackupsFolderName);
    public string QuarantineDirectory => Path.Combine(DataDirectory, QuarantineFolderName);
    public string RecoveryEventsPath => Path.Combine(DataDirectory, RecoveryEventsFileName);
    /// <summary>Held exclusively by the running service, so a second instance or the offline restore can tell.</summary>
    public string LockPath => Path.Combine(DataDirectory, LockFileName);
    /// <summary>Left by a graceful stop, describing the database file it left behind (see <see cref="Sqlite.CleanShutdown"/>).</summary>
    public string CleanShutdownPath => Path.Combine(DataDirectory, CleanShutdownFileName);
    /// <summary>Scratch space for building a recovered or restored database; only ever holds copies.</summary>
    public string RecoveryWorkDirectory => Path.Combine(DataDirectory, ".recovery");

    /// <summary>Scratch space a restore drill restores a backup into and checks it; removed after each drill.</summary>
    public string DrillDirectory => Path.Combine(DataDirectory, ".drill");
    /// <summary>The restore drills' results, so the age of the newest backup proven restorable outlives a restart.</summary>
    public string RestoreDrillsPath => Path.Combine(DataDirectory, RestoreDrillsFileName);
    /// <summary>Where <c>restore --from-s3</c> downloads the off-host copy before restoring it; removed afterwards.</summary>
    public string DownloadDirectory => Path.Combine(DataDirectory, ".download");

    /// <summary>The database and its companion files: they are only ever moved together.</summary>
    public IReadOnlyList<string> DatabaseFileSet => [DatabasePath, WalPath, SharedMemoryPath, RollbackJournalPath];

    /// <summary>Creates the data directory if it is missing and proves this process can write in it and to the database files.</summary>
    /// <exception cref="StorageStartupException">The directory cannot be used; the message says why.</exception>
    public void EnsureDataDirectoryIsUsable()
    {
        if (File.Exists(DataDirectory))
            throw new StorageStartupException(
                $"The data directory {DataDirectory} is a file, not a directory; point Storage__DataDirectory at a directory.");
        try
        {
            Directory.CreateDirectory(DataDirectory);
            var probe = Path.Combine(DataDirectory, $".write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new StorageStartupException(NotWritableSentence($"The data directory {DataDirectory}", e), e);
        }
        foreach (var path in DatabaseFileSet.Where(File.Exists))
        {
            try
            {
                using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new StorageStartupException(NotWritableSentence($"The database file {path}", e), e);
            }
        }
    }

    /// <summary>The length of a file, 0 when there is none.</summary>
    public static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>One sentence saying what is not writable, by whom, and how to fix it.</summary>
    public static string NotWritableSentence(string what, Exception e)
    {
        var reason = e.Message.TrimEnd('.');
        if (ProcessUserId() is not { } uid)
            return $"{what} is not writable by this process ({reason}); give the service's user write access to it.";
        return $"{what} is not writable by user id {uid} ({reason}); " +
               $"give that user write access, for example: sudo chown -R {uid}:{uid} <the host folder mounted there>.";
    }

    /// <summary>The real user id on Linux (the container runs as 1654), from /proc; null elsewhere.</summary>
    private static string? ProcessUserId()
    {
        const string statusFile = "/proc/self/status";
        if (!File.Exists(statusFile)) return null;
        var uidLine = File.ReadLines(statusFile).FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
        return uidLine?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
    }
}
