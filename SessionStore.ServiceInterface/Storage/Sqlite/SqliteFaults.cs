using Microsoft.Data.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>The plain sentences for what the environment can do to a SQLite file: a full disk, a lock, a read-only file, failing I/O.</summary>
internal static class SqliteFaults
{
    /// <summary>The sentence for an environment fault, or null when <paramref name="e"/> is not one.</summary>
    public static string? Describe(Exception e) => e switch
    {
        StorageUnavailableException unavailable => unavailable.Message,
        SqliteException { SqliteErrorCode: SqliteErrors.Full } => "The disk holding the database is full.",
        SqliteException sqlite when SqliteErrors.IsLocked(sqlite) => "The database is locked by another connection or process.",
        SqliteException { SqliteErrorCode: SqliteErrors.ReadOnly } => "The database file is read-only.",
        SqliteException { SqliteErrorCode: SqliteErrors.IoError } => "The disk holding the database failed to read or write.",
        IOException io when StorageFaults.IsDiskFull(io) => "The disk holding the database is full.",
        _ => null,
    };
}
