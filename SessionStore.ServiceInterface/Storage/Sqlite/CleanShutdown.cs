using System.Text.Json;

namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>
/// What a graceful stop leaves beside the database once it has checkpointed: the file's length and last write time. At
/// the next start a file that still matches was not touched since the service itself closed it, so the startup check
/// reads only its headers and <c>PRAGMA quick_check</c> runs wholly in the background; one that does not match (or no
/// marker: a crash, a kill, a copied-in file) is checked before the service is ready, as always. The marker is removed
/// before the database is opened, so it never describes a file the service has written to since.
/// </summary>
internal static class CleanShutdown
{
    public static void Record(DatabaseFiles files)
    {
        var database = new FileInfo(files.DatabasePath);
        if (!database.Exists || DatabaseFiles.LengthOf(files.WalPath) > 0) return;
        var temporary = files.CleanShutdownPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new Marker(database.Length, database.LastWriteTimeUtc.Ticks));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, files.CleanShutdownPath, overwrite: true);
    }

    /// <summary>Whether the last stop was graceful and left the files as they are now. Removes the marker either way.</summary>
    public static bool Consume(DatabaseFiles files)
    {
        if (!File.Exists(files.CleanShutdownPath)) return false;
        try
        {
            var marker = JsonSerializer.Deserialize<Marker>(File.ReadAllText(files.CleanShutdownPath));
            var database = new FileInfo(files.DatabasePath);
            return marker is not null && database.Exists && database.Length == marker.Length &&
                   database.LastWriteTimeUtc.Ticks == marker.LastWriteTicks && DatabaseFiles.LengthOf(files.WalPath) == 0;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            File.Delete(files.CleanShutdownPath);
        }
    }

    private sealed record Marker(long Length, long LastWriteTicks);
}
