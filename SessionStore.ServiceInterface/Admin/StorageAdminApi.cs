using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Backups;
using SessionStore.ServiceInterface.Storage.Recovery;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>
/// The storage admin API: the state of the database, backups, and recovery events. Needs the admin key. Backups belong
/// to SQLite mode; with PostgreSQL their endpoints answer 404 with a problem that says what to use instead.
/// </summary>
public static class StorageAdminApi
{
    private const string BackupContentType = "application/vnd.sqlite3";
    private const string SqliteOnly = "SQLite mode only: with PostgreSQL, 404 with a problem pointing to pg_dump and point-in-time recovery.";

    public static RouteGroupBuilder MapStorageAdmin(this RouteGroupBuilder admin)
    {
        admin.MapRequest<GetStorage>(Report)
            .WithSummary("The database: provider, sizes, schema, durability, backups, recoveries, concerns")
            .WithDescription("The provider (Sqlite or PostgreSql); where the database is and its size; schema version and durability setting. " +
                             "SQLite: the WAL's size, journal mode, the newest backup, every recovery event (newest first), and how the backups stand: " +
                             "the off-host store, its uploads, the last restore drill and the age of the newest backup a drill proved restorable. " +
                             "PostgreSQL: the server version. Concerns are what keeps readiness Degraded, with their details.");

        admin.MapRequest<ListBackups>(ListAll)
            .WithSummary("List the backups, newest first")
            .WithDescription("Every .db file in the data directory's backups folder and every copy in the off-host store, with its location (local, remote or both). " +
                             "The service's own backups have a manifest (size, SHA-256, row counts, schema version) and passed PRAGMA integrity_check when written: verified. " +
                             "Any other file in backups/ is foreign: listed, never verified, never rotated. provenRestorableAt is when a restore drill last restored it whole. " + SqliteOnly)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapRequest<CreateBackup>(TakeNow)
            .WithSummary("Take a backup now")
            .WithDescription("A consistent online snapshot (VACUUM INTO) into backups/, verified with PRAGMA integrity_check, given its manifest and flushed to disk " +
                             "before it is listed; writes go on while it runs. Older backups of the service's own beyond Backup__Keep are then deleted, and the new one is " +
                             "copied off the host in the background when Backup__S3__Bucket is set. 503 if it cannot be written (for example, a full disk). " + SqliteOnly)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapRequest<GetBackup>(Download)
            .WithSummary("Download a backup")
            .WithDescription("The backup file as application/vnd.sqlite3. The name must be one of the listed backups. " + SqliteOnly)
            .Produces<Stream>(StatusCodes.Status200OK, BackupContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapRequest<ListRestoreDrills>(Drills)
            .WithSummary("List the recent restore drills, newest first")
            .WithDescription("Each drill restored the newest backup of one location (local or remote) into a scratch folder and compared its SHA-256, " +
                             "PRAGMA integrity_check, schema version and row counts with its manifest. " + SqliteOnly)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapRequest<RunRestoreDrill>(DrillNow)
            .WithSummary("Run a restore drill now")
            .WithDescription("Restores the newest local backup and the newest off-host copy into a scratch folder, checks them against their manifests, " +
                             "records and returns the results (a failed drill is a result, not an error). Drills also run every Backup__DrillInterval. " + SqliteOnly)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapRequest<AcknowledgeRecovery>(Acknowledge)
            .WithSummary("Acknowledge the recovery events")
            .WithDescription("Marks every finished recovery event as seen, so it no longer keeps /health/ready Degraded. Damage still in the live database " +
                             "keeps readiness Degraded until it is repaired, whatever is acknowledged. Returns all events, newest first.");

        return admin;
    }

    private static Ok<StorageReport> Report(IStorageProvider storage, StorageStatus status, LocalBackups backups, BackupCatalog catalog, IEnumerable<IStorageCondition> conditions)
    {
        var report = storage.Report(status.SchemaVersion) with { Concerns = conditions.Concerns() };
        return TypedResults.Ok(backups.Available ? report with { LastBackup = catalog.List() is [var newest, ..] ? newest : null, Backups = catalog.Health() } : report);
    }

    private static Results<Ok<IReadOnlyList<BackupInfo>>, ProblemHttpResult> ListAll(LocalBackups backups, BackupCatalog catalog) =>
        backups.Available ? TypedResults.Ok(catalog.List()) : Problems.NotFound(LocalBackups.NotInThisMode);

    private static async Task<Results<Created<BackupInfo>, ProblemHttpResult>> TakeNow(LocalBackups backups, BackupCatalog catalog, LinkGenerator links, CancellationToken cancellationToken)
    {
        if (!backups.Available) return Problems.NotFound(LocalBackups.NotInThisMode);
        try
        {
            var backup = catalog.Describe(await backups.CreateAsync(cancellationToken));
            return TypedResults.Created(links.GetPathByName(nameof(GetBackup), new RouteValueDictionary { ["name"] = backup.Name }), backup);
        }
        catch (StorageUnavailableException e)
        {
            return Problems.Unavailable(e.Message);
        }
    }

    // The name is checked here, after the admin key, so without the key nobody learns which names exist.
    private static Results<PhysicalFileHttpResult, ValidationProblem, ProblemHttpResult> Download([AsParameters] GetBackup request, LocalBackups backups)
    {
        if (!backups.Available) return Problems.NotFound(LocalBackups.NotInThisMode);
        if (!LocalBackups.IsValidName(request.Name))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = ["name must be a backup file name from GET /api/admin/backups: letters, digits, '.', '_' and '-', ending in .db."],
            });
        return backups.PathOf(request.Name) is { } path
            ? TypedResults.PhysicalFile(path, BackupContentType, request.Name)
            : Problems.NotFound($"There is no backup {request.Name}.");
    }

    private static Results<Ok<IReadOnlyList<RestoreDrillResult>>, ProblemHttpResult> Drills(DrillScheduler drills, DrillHistory history) =>
        drills.Available ? TypedResults.Ok(history.Recent()) : Problems.NotFound(LocalBackups.NotInThisMode);

    private static async Task<Results<Ok<IReadOnlyList<RestoreDrillResult>>, ProblemHttpResult>> DrillNow(DrillScheduler drills, CancellationToken cancellationToken) =>
        drills.Available ? TypedResults.Ok(await drills.RunNowAsync(cancellationToken)) : Problems.NotFound(LocalBackups.NotInThisMode);

    private static Ok<IReadOnlyList<RecoveryEvent>> Acknowledge(RecoveryJournal recoveries) =>
        TypedResults.Ok(recoveries.AcknowledgeAll());
}
