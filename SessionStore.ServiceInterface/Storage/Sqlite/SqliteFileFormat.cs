namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>The parts of SQLite's file formats (sqlite.org/fileformat.html) the service reads without SQLite.</summary>
internal static class SqliteFileFormat
{
    /// <summary>The 16 bytes every database file starts with: "SQLite format 3" and a NUL.</summary>
    public static ReadOnlySpan<byte> DatabaseMagic => "SQLite format 3\0"u8;

    public const int DatabaseHeaderLength = 100;
    public const int WalHeaderLength = 32;
    public const int SharedMemoryHeaderLength = 48;

    /// <summary>The WAL and WAL-index format version, 3.7.0.</summary>
    public const uint WalFormatVersion = 3007000;
}
