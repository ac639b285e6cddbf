using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SessionStore.Tests.Support;

/// <summary>The ways a database file gets damaged, done to a file on disk the way a disk, a crash or a person would.</summary>
public static class DatabaseDamage
{
    public const byte TableLeafPage = 0x0D;
    public const byte IndexLeafPage = 0x0A;
    public const byte TableInteriorPage = 0x05;
    public const byte IndexInteriorPage = 0x02;
    private const int BTreeLeafHeaderLength = 8;
    private const int InteriorHeaderLength = 12;

    public static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    /// <summary>Replaces every byte with seeded random ones, keeping the length.</summary>
    public static void FillWithGarbage(string path, int seed) =>
        File.WriteAllBytes(path, RandomBytes(seed, (int)new FileInfo(path).Length));

    public static void Overwrite(string path, long offset, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }

    /// <summary>Fills one page (1-based, as SQLite numbers them) with seeded random bytes.</summary>
    public static void OverwritePage(string path, int pageNumber, int seed)
    {
        var pageSize = PageSize(path);
        Overwrite(path, (long)(pageNumber - 1) * pageSize, RandomBytes(seed, pageSize));
    }

    /// <summary>
    /// Flips one random bit in each of <paramref name="count"/> random b-tree page headers after the first page (page type,
    /// first freeblock, cell count, cell content start, fragmented bytes): the structure SQLite checks. A flip inside a
    /// row's values carries no checksum, so no check can tell it from a value a client wrote.
    /// </summary>
    public static void FlipBitsInPageHeaders(string path, int seed, int count)
    {
        var random = new Random(seed);
        var bytes = File.ReadAllBytes(path);
        var pageSize = PageSize(path);
        int[] bTreePages = [.. Enumerable.Range(2, bytes.Length / pageSize - 1)
            .Where(page => bytes[(page - 1) * pageSize] is TableInteriorPage or TableLeafPage or IndexInteriorPage or IndexLeafPage)];
        for (var i = 0; i < count; i++)
            bytes[(bTreePages[random.Next(bTreePages.Length)] - 1) * pageSize + random.Next(BTreeLeafHeaderLength)] ^= (byte)(1 << random.Next(8));
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// Empties every leaf page of one index, as a lost write to those pages would: each still reads as a valid page, with no
    /// entries. The table keeps every row; the index no longer lists them, and only an integrity check can tell.
    /// </summary>
    public static void EmptyIndexLeaves(string path, string index)
    {
        var bytes = File.ReadAllBytes(path);
        var pageSize = PageSize(path);
        var pending = new Stack<int>([RootPageOf(path, index)]);
        while (pending.TryPop(out var page))
        {
            var header = (page - 1) * pageSize;
            var cells = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(header + 3));
            if (bytes[header] == IndexLeafPage)
            {
                bytes[header + 3] = 0;
                bytes[header + 4] = 0;
                continue;
            }
            // An interior page: the right-most child in its header, then each cell starts with its left child's page number.
            pending.Push((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(header + 8)));
            for (var cell = 0; cell < cells; cell++)
            {
                var offset = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(header + InteriorHeaderLength + 2 * cell));
                pending.Push((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((page - 1) * pageSize + offset)));
            }
        }
        File.WriteAllBytes(path, bytes);
    }

    public static int PageSize(string path)
    {
        var header = new byte[18];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(header);
        var size = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        return size == 1 ? 65536 : size;
    }

    /// <summary>The 1-based numbers of the b-tree pages of one type (SQLite's page-type byte), page 1 excluded.</summary>
    public static List<int> PagesOfType(string path, byte pageType)
    {
        var bytes = File.ReadAllBytes(path);
        var pageSize = PageSize(path);
        return [.. Enumerable.Range(2, bytes.Length / pageSize - 1).Where(page => bytes[(page - 1) * pageSize] == pageType)];
    }

    /// <summary>The root page of a table or index, from the schema; in a small database it is the only page.</summary>
    public static int RootPageOf(string path, string name)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Digest(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
