namespace SessionStore.ServiceModel;

/// <summary>Reads the state of the database file: sizes, schema, durability settings, backups, recoveries.</summary>
public sealed record GetStorage;

public sealed record StorageReport(
    string DatabasePath,
    long SizeBytes,
    long WalSizeBytes,
    long SchemaVersion,
    string JournalMode,
    string Synchronous,
    BackupInfo? LastBackup,
    IReadOnlyList<RecoveryEvent> RecoveryEvents);

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
