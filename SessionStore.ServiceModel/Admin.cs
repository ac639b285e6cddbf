namespace SessionStore.ServiceModel;

/// <summary>Reads the state of the database: provider, sizes, schema, durability settings, backups, recoveries.</summary>
public sealed record GetStorage;

/// <summary>
/// The database as the service sees it. <c>provider</c> is <c>Sqlite</c> or <c>PostgreSql</c>. With PostgreSQL,
/// <c>databasePath</c> is the server and database (<c>postgresql://host:port/database</c>), <c>sizeBytes</c>
/// is <c>pg_database_size</c>, <c>synchronous</c> is <c>synchronous_commit</c>, <c>serverVersion</c> is the server's
/// version, and the SQLite-only figures (WAL size, journal mode, backups, recovery events) are null or empty.
/// </summary>
public sealed record StorageReport(
    string DatabasePath,
    long SizeBytes,
    long? WalSizeBytes,
    long SchemaVersion,
    string? JournalMode,
    string Synchronous,
    BackupInfo? LastBackup,
    IReadOnlyList<RecoveryEvent> RecoveryEvents,
    string Provider,
    string? ServerVersion);

/// <summary>Lists the backups in the data directory's backups folder, newest first.</summary>
public sealed record ListBackups;

/// <summary>Takes a consistent online backup now and verifies it.</summary>
public sealed record CreateBackup;

/// <summary>Downloads one backup file by name.</summary>
public sealed record GetBackup
{
    public required string Name { get; init; }
}

public sealed record BackupInfo(string Name, long SizeBytes, DateTime CreatedAt, bool Verified);

/// <summary>
/// What happened when the service found its database damaged at startup: what was wrong, where the
/// damaged files went, and how much came back from the newest good backup and from salvage.
/// </summary>
public sealed record RecoveryEvent(
    string Id,
    DateTime At,
    string Problem,
    string QuarantinedTo,
    string RecoveryPath,
    string? RestoredFromBackup,
    long RowsRestored,
    long RowsSalvaged,
    bool Acknowledged);

/// <summary>Marks every open recovery event as seen, so readiness is Healthy again.</summary>
public sealed record AcknowledgeRecovery;

/// <summary>The values of <see cref="RecoveryEvent.RecoveryPath"/>: how the service got its data back.</summary>
public static class RecoveryPaths
{
    /// <summary>The newest good backup was restored and the rows still readable in the damaged file were merged on top.</summary>
    public const string BackupAndSalvage = "backup+salvage";
    /// <summary>The newest good backup was restored; nothing more could be read from the damaged file.</summary>
    public const string Backup = "backup";
    /// <summary>No good backup; the rows still readable in the damaged file were copied into a new database.</summary>
    public const string Salvage = "salvage";
    /// <summary>No good backup and nothing readable: the service started with an empty database.</summary>
    public const string Empty = "empty";
    /// <summary>Only SQLite's -shm index was garbage; it was set aside and rebuilt from the WAL. No data was touched.</summary>
    public const string IndexRebuilt = "index-rebuilt";
    /// <summary>An operator replaced the database with a backup using the offline restore command.</summary>
    public const string OfflineRestore = "offline-restore";
    /// <summary>The background check found damage after startup; the next start quarantines the file and recovers.</summary>
    public const string RestartPending = "restart-pending";
}
