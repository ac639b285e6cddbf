using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>The data directory and the files the service keeps in it.</summary>
public sealed class DatabaseFiles
{
    public const string DatabaseFileName = "sessionstore.db";

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

    /// <summary>Creates the data directory if it is missing and proves this process can write in it.</summary>
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
            throw new StorageStartupException(NotWritableSentence(e), e);
        }
    }

    private string NotWritableSentence(Exception e)
    {
        var reason = e.Message.TrimEnd('.');
        if (ProcessUserId() is not { } uid)
            return $"The data directory {DataDirectory} is not writable by this process ({reason}); give the service's user write access to it.";
        return $"The data directory {DataDirectory} is not writable by user id {uid} ({reason}); " +
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
