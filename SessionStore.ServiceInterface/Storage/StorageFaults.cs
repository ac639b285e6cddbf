using Microsoft.Data.Sqlite;
using Npgsql;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>Tells faults of the environment (disk, locks, permissions, an unreachable server) from everything else.</summary>
internal static class StorageFaults
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;

    /// <summary>An environment fault becomes a <see cref="StorageUnavailableException"/> with one plain sentence; anything else stays as it is.</summary>
    public static Exception Classify(Exception e) => Describe(e) is { } sentence ? new StorageUnavailableException(sentence, e) : e;

    /// <summary>The one sentence for an environment fault, or null when <paramref name="e"/> is not one.</summary>
    public static string? Describe(Exception e) => e switch
    {
        StorageUnavailableException unavailable => unavailable.Message,
        SqliteException { SqliteErrorCode: Full } => "The disk holding the database is full.",
        SqliteException { SqliteErrorCode: Busy or Locked } => "The database is locked by another connection or process.",
        SqliteException { SqliteErrorCode: ReadOnly } => "The database file is read-only.",
        SqliteException { SqliteErrorCode: IoError } => "The disk holding the database failed to read or write.",
        IOException io when IsDiskFull(io) => "The disk holding the database is full.",
        PostgresException postgres => DescribePostgres(postgres),
        // Not an error the server sent: the connection itself failed (refused, reset, timed out, no free connection in the pool).
        NpgsqlException npgsql => $"The PostgreSQL server cannot be reached ({npgsql.Message.TrimEnd('.')}).",
        // Npgsql breaks a connection the server dropped, and a transaction on it then throws ObjectDisposedException around the cause.
        ObjectDisposedException { InnerException: NpgsqlException cause } => Describe(cause),
        _ => null,
    };

    /// <summary>
    /// A write that lost a race with a writer in another process (PostgreSQL's deadlock detector or a serialization
    /// failure) and succeeds if it runs again. SQLite has one writer, so it never sees one.
    /// </summary>
    public static bool IsTransient(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    private static string? DescribePostgres(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.DiskFull => "The disk holding the PostgreSQL database is full.",
        PostgresErrorCodes.TooManyConnections => "The PostgreSQL server has no free connections.",
        PostgresErrorCodes.ReadOnlySqlTransaction => "The PostgreSQL database is read-only (a standby, or default_transaction_read_only).",
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow =>
            $"The PostgreSQL server is shutting down or starting up ({e.MessageText}).",
        PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled =>
            "The PostgreSQL database did not answer in time (a lock held elsewhere, or a statement timeout).",
        var state when state.StartsWith("08", StringComparison.Ordinal) => $"The PostgreSQL server cannot be reached ({e.MessageText}).",
        var state when state.StartsWith("28", StringComparison.Ordinal) => $"PostgreSQL refused the credentials in ConnectionStrings__SessionStore ({e.MessageText}).",
        var state when state.StartsWith("3D", StringComparison.Ordinal) => $"The PostgreSQL database in ConnectionStrings__SessionStore does not exist ({e.MessageText}).",
        _ => null,
    };

    /// <summary>ENOSPC (28) surfaces from .NET file APIs as an IOException whose HResult carries the errno.</summary>
    private static bool IsDiskFull(IOException io) => (io.HResult & 0xFFFF) == 28 || io.Message.Contains("No space left", StringComparison.Ordinal);
}
