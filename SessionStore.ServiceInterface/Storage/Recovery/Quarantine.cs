using System.Globalization;

namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>
/// <c>quarantine/&lt;UTC timestamp&gt;/</c> in the data directory: where damaged or replaced files are moved,
/// byte for byte, by rename. Nothing is ever deleted or overwritten there.
/// </summary>
internal static class Quarantine
{
    /// <summary>Creates a new, empty folder named after <paramref name="now"/> and returns its full path.</summary>
    public static string CreateFolder(DatabaseFiles files, DateTimeOffset now)
    {
        var name = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture);
        var folder = Path.Combine(files.QuarantineDirectory, name);
        for (var n = 2; Directory.Exists(folder) || File.Exists(folder); n++)
            folder = Path.Combine(files.QuarantineDirectory, $"{name}-{n}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Moves each file (or directory) that exists into <paramref name="folder"/>, keeping its name. Never overwrites.</summary>
    public static void MoveInto(string folder, IEnumerable<string> paths)
    {
        Directory.CreateDirectory(folder);
        foreach (var path in paths)
        {
            var target = Path.Combine(folder, Path.GetFileName(path));
            if (Directory.Exists(path)) Directory.Move(path, target);
            else if (File.Exists(path)) File.Move(path, target, overwrite: false);
        }
    }
}
