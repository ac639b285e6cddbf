using System.Text.Json;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// What the service writes beside each of its backups, as <c>&lt;backup&gt;.manifest.json</c> (a file in backups/, an
/// object in the off-host store): when it was taken, its size and SHA-256, the rows of each table and the schema version.
/// Invariant: a backup is the service's own exactly when its manifest names it and matches its size; everything else is
/// foreign, whatever its name. The SHA-256 is checked whenever the backup is used (restore, drill, upload); the row counts
/// and schema version are what a restore drill compares the restored copy with.
/// </summary>
public sealed record BackupManifest(
    int Format,
    string Name,
    DateTime CreatedAt,
    long SizeBytes,
    string Sha256,
    long SchemaVersion,
    IReadOnlyDictionary<string, long> RowCounts)
{
    public const string Extension = ".manifest.json";
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The manifest's name beside a backup's name or path.</summary>
    public static string NameFor(string backup) => backup + Extension;

    /// <summary>The manifest in <paramref name="json"/>, or null when it is not one (a format this release does not know, a damaged file).</summary>
    public static BackupManifest? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(json, Json);
            return manifest is { Format: CurrentFormat, Name.Length: > 0, Sha256.Length: 64, RowCounts: not null } ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The manifest beside <paramref name="backupPath"/>, if there is one that names this file; null otherwise.</summary>
    public static BackupManifest? ReadBeside(string backupPath)
    {
        var path = NameFor(backupPath);
        if (!File.Exists(path)) return null;
        try
        {
            return Parse(File.ReadAllBytes(path)) is { } manifest && manifest.Name == Path.GetFileName(backupPath) ? manifest : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Writes the manifest beside <paramref name="backupPath"/>, durably.</summary>
    public void WriteBeside(string backupPath) => DurableFiles.WriteAtomically(NameFor(backupPath), stream => stream.Write(ToJson()));

    /// <summary>How the file at <paramref name="path"/> differs from what this manifest recorded, or null when its size and SHA-256 match.</summary>
    public string? Mismatch(string path)
    {
        var length = DatabaseFiles.LengthOf(path);
        if (length != SizeBytes) return $"it is {length} bytes where its manifest recorded {SizeBytes}";
        var sha256 = FileSha256(path);
        return sha256 == Sha256 ? null : $"its SHA-256 is {sha256} where its manifest recorded {Sha256}";
    }

    /// <summary>The SHA-256 of a file, as lowercase hex.</summary>
    public static string FileSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
