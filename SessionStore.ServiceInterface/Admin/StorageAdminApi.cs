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
            .WithSummary("The database: provider, sizes, schema, durability, last backup, recoveries")
            .WithDescription("The provider (Sqlite or PostgreSql); where the database is and its size; schema version and durability setting. " +
                             "SQLite: the WAL's size, journal mode, the newest backup and every recovery event (newest first). PostgreSQL: the server version.");

        admin.MapRequest<ListBackups>(ListAll)
            .WithSummary("List the backups, newest first")
            .WithDescription("Every .db file in the data directory's backups folder. Verified is true for the service's own backups, which passed PRAGMA integrity_check when written; files put there by hand are listed but not verified. " + SqliteOnly)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapRequest<CreateBackup>(TakeNow)
            .WithSummary("Take a backup now")
            .WithDescription("A consistent online snapshot (VACUUM INTO) into backups/, verified with PRAGMA integrity_check before it is kept; writes go on while it runs. Older backups beyond Backup__Keep are deleted. 503 if it cannot be written (for example, a full disk). " + SqliteOnly)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapRequest<GetBackup>(Download)
            .WithSummary("Download a backup")
            .WithDescription("The backup file as application/vnd.sqlite3. The name must be one of the listed backups. " + SqliteOnly)
            .Produces<Stream>(StatusCodes.Status200OK, BackupContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapRequest<AcknowledgeRecovery>(Acknowledge)
            .WithSummary("Acknowledge the recovery events")
            .WithDescription("Marks every recovery event as seen, so /health/ready is Healthy again. Returns all events, newest first.");

        return admin;
    }

    private static Ok<StorageReport> Report(IStorageProvider storage, StorageStatus status) => TypedResults.Ok(storage.Report(status.SchemaVersion));

    private static Results<Ok<IReadOnlyList<BackupInfo>>, ProblemHttpResult> ListAll(LocalBackups backups) =>
        backups.Available ? TypedResults.Ok(backups.List()) : Problems.NotFound(LocalBackups.NotInThisMode);

    private static async Task<Results<Created<BackupInfo>, ProblemHttpResult>> TakeNow(LocalBackups backups, LinkGenerator links, CancellationToken cancellationToken)
    {
        if (!backups.Available) return Problems.NotFound(LocalBackups.NotInThisMode);
        try
        {
            var backup = await backups.CreateAsync(cancellationToken);
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

    private static Ok<IReadOnlyList<RecoveryEvent>> Acknowledge(RecoveryJournal recoveries) =>
        TypedResults.Ok(recoveries.AcknowledgeAll());
}
