using Microsoft.Data.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>SQLite's primary result codes that the service acts on (sqlite.org/rescode.html), and what they mean for it.</summary>
internal static class SqliteErrors
{
    public const int Error = 1;
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int Interrupt = 9;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int Constraint = 19;
    public const int NotADatabase = 26;

    /// <summary>
    /// The file's fault: SQLITE_CORRUPT, SQLITE_NOTADB, and SQLITE_ERROR, which is what a malformed schema reads as.
    /// Locks, I/O and a full disk are the environment's (<see cref="StorageFaults"/>).
    /// </summary>
    public static bool IsDamage(SqliteException e) => e.SqliteErrorCode is Error or Corrupt or NotADatabase;

    /// <summary>
    /// Damage a read or write met in a database that opened fine: SQLITE_CORRUPT and SQLITE_NOTADB only. SQLITE_ERROR is left
    /// out here, since once the schema has loaded it means a statement's own mistake, never the file's.
    /// </summary>
    public static bool IsDamageFoundWhileRunning(SqliteException e) => e.SqliteErrorCode is Corrupt or NotADatabase;

    /// <summary>Another connection or process holds the lock this one needs.</summary>
    public static bool IsLocked(SqliteException e) => e.SqliteErrorCode is Busy or Locked;
}
