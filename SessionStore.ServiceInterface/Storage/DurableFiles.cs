using System.Runtime.InteropServices;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Files that survive a power cut. A file's bytes are on disk only once it is fsynced, and a new name in a folder (a
/// rename, a new file) only once the folder itself is fsynced: until both, a crash can leave the old name, no name,
/// or the name with missing bytes. Nothing the service later relies on (a backup that lets older ones go, a journal)
/// is trusted before that.
/// </summary>
public static partial class DurableFiles
{
    private const int ReadOnly = 0; // O_RDONLY: enough to fsync a directory on Linux and macOS

    /// <summary>fsyncs a file's bytes and size to disk.</summary>
    public static void Flush(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>fsyncs a directory, so the names created, renamed or deleted in it are on disk. Windows journals them itself.</summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0) throw new IOException($"{directory} could not be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(descriptor) != 0) throw new IOException($"{directory} could not be flushed to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>Moves a flushed file to its final name and flushes the folder, so the name and the bytes are both durable.</summary>
    public static void MoveIntoPlace(string from, string to, bool overwrite = false)
    {
        Flush(from);
        File.Move(from, to, overwrite);
        FlushDirectory(Path.GetDirectoryName(to)!);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with what <paramref name="write"/> writes, all or nothing: into a temporary file,
    /// flushed, renamed over the old one, and the folder flushed. A crash leaves the old file or the new one.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
