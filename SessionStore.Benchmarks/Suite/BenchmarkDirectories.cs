using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Fresh data directories for one run: on disk (below $SESSIONSTORE_BENCH_DISK, default the temp folder), where
/// fsync reaches the device, and in memory (below /dev/shm, a tmpfs), where it costs nothing. Removed on dispose.
/// </summary>
public sealed class BenchmarkDirectories : IDisposable
{
    private const string MemoryRoot = "/dev/shm";
    private readonly string diskRun;
    private readonly string memoryRun;

    public BenchmarkDirectories()
    {
        var diskRoot = Environment.GetEnvironmentVariable("SESSIONSTORE_BENCH_DISK") is { Length: > 0 } configured ? configured : Path.GetTempPath();
        diskRun = Path.Combine(diskRoot, "sessionstore-bench", $"run-{Environment.ProcessId}");
        memoryRun = Path.Combine(MemoryRoot, $"sessionstore-bench-{Environment.ProcessId}");
        DiskFileSystem = Describe(FileSystemOf(diskRoot));
        MemoryFileSystem = Describe(FileSystemOf(MemoryRoot));
        if (FileSystemOf(diskRoot)?.Type == "tmpfs")
            throw new InvalidOperationException($"{diskRoot} is a tmpfs, so nothing written there is durable; set SESSIONSTORE_BENCH_DISK to a folder on a disk.");
        if (FileSystemOf(MemoryRoot)?.Type != "tmpfs")
            throw new InvalidOperationException($"{MemoryRoot} is not a tmpfs here ({MemoryFileSystem}); the in-memory comparison needs one.");
    }

    /// <summary>Such as "ext4 at /".</summary>
    public string DiskFileSystem { get; }
    public string MemoryFileSystem { get; }

    public string OnDisk(string name) => Fresh(Path.Combine(diskRun, name));

    public string InMemory(string name) => Fresh(Path.Combine(memoryRun, name));

    /// <summary>
    /// A copy of the seeded million-session database in a fresh directory on disk, so the seed itself is never changed;
    /// seeded first if it is not there yet, so only the sections that use it wait for it.
    /// </summary>
    public async Task<string> CopyOfMillionSessionsAsync(string name)
    {
        await MillionSessions.EnsureSeededAsync();
        return CopyOf(MillionSessions.DatabasePath, OnDisk(name));
    }

    /// <summary>A copy of the seeded leaderboard database in a fresh directory, on disk or in memory.</summary>
    public string CopyOfLeaderboardSessions(string name, DataOn data = DataOn.Disk) =>
        CopyOf(LeaderboardSessions.DatabasePath, data == DataOn.Disk ? OnDisk(name) : InMemory(name));

    /// <summary>A copy of the seeded per-game statistics database in a fresh directory, on disk or in memory.</summary>
    public string CopyOfGameStatsSessions(string name, DataOn data = DataOn.Disk) =>
        CopyOf(GameStatsSessions.DatabasePath, data == DataOn.Disk ? OnDisk(name) : InMemory(name));

    private static string CopyOf(string database, string directory)
    {
        File.Copy(database, Path.Combine(directory, DatabaseFiles.DatabaseFileName));
        return directory;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var directory in new[] { diskRun, memoryRun })
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static string Fresh(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static (string Type, string MountPoint)? FileSystemOf(string path) => MountedFileSystems.FileSystemOf(path);

    private static string Describe((string Type, string MountPoint)? fileSystem) =>
        fileSystem is var (type, mountPoint) ? $"{type} at {mountPoint}" : "unknown";
}
