namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>Which filesystem a path lives on, from /proc/mounts: SQLite's WAL needs a local disk.</summary>
public static class MountedFileSystems
{
    private const string MountsFile = "/proc/mounts";

    /// <summary>Filesystems whose locks and shared memory SQLite cannot rely on (sqlite.org/wal.html, "Disadvantages").</summary>
    private static readonly HashSet<string> NetworkTypes = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre", "gpfs", "davfs",
        "fuse.sshfs", "fuse.glusterfs", "fuse.ceph", "fuse.davfs2", "fuse.s3fs", "fuse.gcsfuse", "fuse.rclone",
    };

    /// <summary>The network filesystem holding <paramref name="path"/> as (type, mount point), or null when it is local or unknown.</summary>
    public static (string Type, string MountPoint)? NetworkFileSystemOf(string path) =>
        File.Exists(MountsFile) ? NetworkFileSystemOf(path, File.ReadAllText(MountsFile)) : null;

    /// <summary>The same, from the text of a mounts table: "device mount-point type options dump pass" per line.</summary>
    public static (string Type, string MountPoint)? NetworkFileSystemOf(string path, string mounts) =>
        FileSystemOf(path, mounts) is var (type, mountPoint) && NetworkTypes.Contains(type) ? (type, mountPoint) : null;

    /// <summary>The filesystem holding <paramref name="path"/> as (type, mount point), such as ("ext4", "/") or ("tmpfs", "/dev/shm"); null when unknown.</summary>
    public static (string Type, string MountPoint)? FileSystemOf(string path) =>
        File.Exists(MountsFile) ? FileSystemOf(path, File.ReadAllText(MountsFile)) : null;

    private static (string Type, string MountPoint)? FileSystemOf(string path, string mounts)
    {
        var full = Path.GetFullPath(path).TrimEnd('/') + "/";
        var best = mounts.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length >= 3)
            .Select(fields => (MountPoint: Unescape(fields[1]), Type: fields[2]))
            .Where(mount => full.StartsWith(mount.MountPoint.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(mount => mount.MountPoint.Length)
            .FirstOrDefault();
        return best.Type is { } type ? (type, best.MountPoint) : null;
    }

    /// <summary>/proc/mounts writes space, tab, newline and backslash in paths as three-digit octal escapes.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
             .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
