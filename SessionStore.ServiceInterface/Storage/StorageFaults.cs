using Microsoft.Data.Sqlite;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>Tells faults of the environment (disk, locks, permissions) from everything else.</summary>
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
        _ => null,
    };

    /// <summary>ENOSPC (28) surfaces from .NET file APIs as an IOException whose HResult carries the errno.</summary>
    private static bool IsDiskFull(IOException io) => (io.HResult & 0xFFFF) == 28 || io.Message.Contains("No space left", StringComparison.Ordinal);
}
