using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>
/// Checks the database files before anything opens them for writing. The file headers are read directly
/// (so a garbage WAL or -shm is caught before SQLite would silently discard or rebuild it); then SQLite
/// reads the schema and runs <c>PRAGMA quick_check</c> on a read-only connection, which neither
/// checkpoints nor deletes the WAL, within a time budget so startup stays flat as the data grows.
/// </summary>
public static class DatabaseInspector
{
    public static DatabaseInspection Inspect(DatabaseFiles files, TimeSpan quickCheckBudget)
    {
        var name = DatabaseFiles.DatabaseFileName;
        if (Directory.Exists(files.DatabasePath))
            return DatabaseInspection.Damaged($"{name} is a directory, not a database file");
        var walLength = DatabaseFiles.LengthOf(files.WalPath);
        if (!File.Exists(files.DatabasePath))
            return walLength > 0
                ? DatabaseInspection.Damaged($"{name} is missing, but its WAL ({walLength} bytes) is there without it")
                : DatabaseInspection.Sound;

        var (pageSize, headerProblem) = ReadDatabaseHeader(files.DatabasePath, walLength);
        if (headerProblem is not null) return DatabaseInspection.Damaged($"{name} {headerProblem}");
        if (walLength > 0 && WalHeaderProblem(files.WalPath, pageSize) is { } walProblem)
            return DatabaseInspection.Damaged($"its WAL {Path.GetFileName(files.WalPath)} {walProblem}");
        if (SharedMemoryProblem(files.SharedMemoryPath) is { } shmProblem)
            return new DatabaseInspection(DamageKind.SharedMemoryIndex, $"{Path.GetFileName(files.SharedMemoryPath)} {shmProblem}", true);
        return QuickCheck(files.DatabasePath, quickCheckBudget);
    }

    /// <summary>The whole <c>PRAGMA quick_check</c>, however long it takes; stops when <paramref name="cancellationToken"/> fires.</summary>
    public static DatabaseInspection QuickCheckToTheEnd(string databasePath, CancellationToken cancellationToken) =>
        RunQuickCheck(databasePath, () => cancellationToken.IsCancellationRequested);

    /// <summary>The page size, or why the 100-byte header (sqlite.org/fileformat.html, 1.3) is not a database's.</summary>
    private static (int PageSize, string? Problem) ReadDatabaseHeader(string path, long walLength)
    {
        var length = DatabaseFiles.LengthOf(path);
        if (length == 0) return (0, "is empty (0 bytes)");
        if (length < SqliteFileFormat.DatabaseHeaderLength) return (0, $"is truncated: {length} bytes, shorter than the 100-byte SQLite header");
        var header = new byte[SqliteFileFormat.DatabaseHeaderLength];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(header);

        if (!header.AsSpan(0, SqliteFileFormat.DatabaseMagic.Length).SequenceEqual(SqliteFileFormat.DatabaseMagic))
            return (0, $"is not a SQLite database: it starts with \"{Printable(header.AsSpan(0, SqliteFileFormat.DatabaseMagic.Length))}\" instead of \"SQLite format 3\"");
        var rawPageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        var pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            return (0, $"has a damaged header: page size {rawPageSize} is not a power of two from 512 to 65536");
        if (header[18] is not (1 or 2) || header[19] is not (1 or 2))
            return (0, $"has a damaged header: file format versions {header[18]}/{header[19]} are not 1 or 2");
        if (header[21] != 64 || header[22] != 32 || header[23] != 32)
            return (0, "has a damaged header: the payload fractions are not SQLite's fixed 64/32/32");
        if (length % pageSize != 0)
            return (0, $"is truncated or padded: {length} bytes is not a whole number of {pageSize}-byte pages");

        // The page count in the header is only current when its "valid-for" number matches the change counter,
        // and a WAL may hold pages the file does not have yet; without either, a shorter file lost its end.
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24));
        var pagesInHeader = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        var pagesInFile = length / pageSize;
        if (walLength == 0 && validFor == changeCounter && pagesInHeader > pagesInFile)
            return (0, $"is truncated: its header counts {pagesInHeader} pages but the file holds {pagesInFile}");
        return (pageSize, null);
    }

    /// <summary>Why the WAL's 32-byte header (sqlite.org/fileformat.html, 4.1) is not valid, or null.</summary>
    private static string? WalHeaderProblem(string path, int databasePageSize)
    {
        var length = DatabaseFiles.LengthOf(path);
        if (length < SqliteFileFormat.WalHeaderLength) return $"is truncated: {length} bytes, shorter than its 32-byte header";
        var header = new byte[SqliteFileFormat.WalHeaderLength];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(header);

        var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (magic is not (0x377f0682 or 0x377f0683)) return "is not a SQLite WAL: its magic number is wrong";
        if (BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)) != SqliteFileFormat.WalFormatVersion) return "has a damaged header: unknown format version";
        var pageSize = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
        if (pageSize != databasePageSize) return $"has a damaged header: page size {pageSize} where the database uses {databasePageSize}";
        var (sum1, sum2) = WalChecksum(header.AsSpan(0, 24), bigEndian: (magic & 1) == 1);
        if (sum1 != BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24)) || sum2 != BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28)))
            return "has a damaged header: its checksum does not match";
        return null;
    }

    /// <summary>SQLite's WAL checksum: pairs of 32-bit words in the byte order the magic number names.</summary>
    private static (uint, uint) WalChecksum(ReadOnlySpan<byte> data, bool bigEndian)
    {
        uint s0 = 0, s1 = 0;
        for (var i = 0; i < data.Length; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            unchecked
            {
                s0 += x0 + s1;
                s1 += x1 + s0;
            }
        }
        return (s0, s1);
    }

    /// <summary>
    /// The -shm starts with the WAL index header in native byte order (version 3007000), unless SQLite has not
    /// written it yet (zeros, or a file it has just truncated to a few bytes). Anything else is not SQLite's.
    /// </summary>
    private static string? SharedMemoryProblem(string path)
    {
        var length = DatabaseFiles.LengthOf(path);
        if (length < 4) return null;
        var header = new byte[Math.Min(length, SqliteFileFormat.SharedMemoryHeaderLength)];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(header);
        if (header.All(b => b == 0)) return null;
        var version = BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(header) : BinaryPrimitives.ReadUInt32BigEndian(header);
        return version == SqliteFileFormat.WalFormatVersion ? null : "is not SQLite's shared-memory WAL index: its header is garbage";
    }

    private static DatabaseInspection QuickCheck(string databasePath, TimeSpan budget)
    {
        if (budget <= TimeSpan.Zero) return DatabaseInspection.Unfinished; // all of it in the background
        var clock = Stopwatch.StartNew();
        return RunQuickCheck(databasePath, () => clock.Elapsed > budget);
    }

    private static DatabaseInspection RunQuickCheck(string databasePath, Func<bool> stop)
    {
        try
        {
            using var connection = SqliteFile.Open(databasePath, SqliteOpenMode.ReadOnly);
            // SQLite calls this every 1000 virtual machine instructions; a non-zero answer interrupts the statement.
            SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, 1000, _ => stop() ? 1 : 0, null);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(5)";
            var findings = new List<string>();
            using (var reader = command.ExecuteReader())
                while (reader.Read()) findings.Add(reader.GetString(0));
            return findings is ["ok"]
                ? DatabaseInspection.Sound
                : DatabaseInspection.Damaged($"{DatabaseFiles.DatabaseFileName} fails PRAGMA quick_check: {SqliteFile.OneLine(findings)}");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteErrors.Interrupt)
        {
            return DatabaseInspection.Unfinished;
        }
        catch (SqliteException e) when (SqliteErrors.IsDamage(e))
        {
            return DatabaseInspection.Damaged($"{DatabaseFiles.DatabaseFileName} cannot be read: {e.Message}");
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes) text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        return text.ToString();
    }
}
