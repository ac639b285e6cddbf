namespace SessionStore.ServiceModel;

/// <summary>Reads the state of the database: provider, sizes, schema, durability settings, backups, recoveries.</summary>
[Route("/api/admin/storage", "GET")]
public sealed record GetStorage : IReturn<StorageReport>;

/// <summary>
/// The database as the service sees it. With PostgreSQL, <c>databasePath</c> is the server and database
/// (<c>postgresql://host:port/database</c>), <c>sizeBytes</c> is <c>pg_database_size</c>, <c>synchronous</c> is
/// <c>synchronous_commit</c>, <c>serverVersion</c> is the server's version, and the SQLite-only figures (WAL size,
/// journal mode, backups, recovery events) are null or empty. <c>concerns</c> are what keeps readiness Degraded, with their details.
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
    StorageProvider Provider,
    string? ServerVersion)
{
    /// <summary>Off-host copies, uploads and restore drills; null with PostgreSQL.</summary>
    public BackupHealth? Backups { get; init; }

    /// <summary>Every reason readiness is Degraded right now, worst first.</summary>
    public IReadOnlyList<StorageConcern> Concerns { get; init; } = [];
}
