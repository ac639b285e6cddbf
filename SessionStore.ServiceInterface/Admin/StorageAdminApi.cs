using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>The storage admin API: the state of the database file, backups, and recovery events. Needs the admin key.</summary>
public static class StorageAdminApi
{
    private const string BackupContentType = "application/vnd.sqlite3";

    public static RouteGroupBuilder MapStorageAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/storage", GetStorage)
            .WithName(nameof(GetStorage))
            .WithSummary("The database file: sizes, schema, durability, last backup, recoveries")
            .WithDescription("Path and size of the database and its WAL, schema version, journal mode, synchronous level, the newest backup, and every recovery event (newest first).");

        admin.MapGet("/backups", ListBackups)
            .WithName(nameof(ListBackups))
            .WithSummary("List the backups, newest first")
            .WithDescription("Every .db file in the data directory's backups folder. Verified is true for the service's own backups, which passed PRAGMA integrity_check when written; files put there by hand are listed but not verified.");

        admin.MapPost("/backups", CreateBackup)
            .WithName(nameof(CreateBackup))
            .WithSummary("Take a backup now")
            .WithDescription("A consistent online snapshot (VACUUM INTO) into backups/, verified with PRAGMA integrity_check before it is kept; writes go on while it runs. Older backups beyond Backup__Keep are deleted. 503 if it cannot be written (for example, a full disk).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapGet("/backups/{name}", GetBackup)
            .WithName(nameof(GetBackup))
            .WithSummary("Download a backup")
            .WithDescription("The backup file as application/vnd.sqlite3. The name must be one of the listed backups.")
            .Produces<Stream>(StatusCodes.Status200OK, BackupContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/recovery/acknowledge", AcknowledgeRecovery)
            .WithName(nameof(AcknowledgeRecovery))
            .WithSummary("Acknowledge the recovery events")
            .WithDescription("Marks every recovery event as seen, so /health/ready is Healthy again. Returns all events, newest first.");

        return admin;
    }

    private static Ok<StorageReport> GetStorage(
        DatabaseFiles files, DatabaseConnections database, StorageStatus status, Backups backups, RecoveryJournal recoveries,
        IOptions<StorageOptions> options)
    {
        string journalMode;
        using (var db = database.OpenReader()) journalMode = db.JournalMode();
        return TypedResults.Ok(new StorageReport(
            files.DatabasePath,
            DatabaseFiles.LengthOf(files.DatabasePath),
            DatabaseFiles.LengthOf(files.WalPath),
            status.SchemaVersion,
            journalMode,
            // Synchronous is a per-connection setting; this is what the writer, the only connection that writes, uses.
            options.Value.Synchronous.ToString().ToUpperInvariant(),
            backups.List() is [var newest, ..] ? newest : null,
            recoveries.Events()));
    }

    private static Ok<IReadOnlyList<BackupInfo>> ListBackups(Backups backups) => TypedResults.Ok(backups.List());

    private static async Task<Results<Created<BackupInfo>, ProblemHttpResult>> CreateBackup(Backups backups, CancellationToken cancellationToken)
    {
        try
        {
            var backup = await backups.CreateAsync(cancellationToken);
            return TypedResults.Created($"/api/admin/backups/{backup.Name}", backup);
        }
        catch (StorageUnavailableException e)
        {
            return Problems.Unavailable(e.Message);
        }
    }

    // The name is checked here, after the admin key, so without the key nobody learns which names exist.
    private static Results<PhysicalFileHttpResult, ValidationProblem, ProblemHttpResult> GetBackup([AsParameters] GetBackup request, Backups backups)
    {
        if (!Backups.IsValidName(request.Name))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = ["name must be a backup file name from GET /api/admin/backups: letters, digits, '.', '_' and '-', ending in .db."],
            });
        return backups.PathOf(request.Name) is { } path
            ? TypedResults.PhysicalFile(path, BackupContentType, request.Name)
            : Problems.NotFound($"There is no backup {request.Name}.");
    }

    private static Ok<IReadOnlyList<RecoveryEvent>> AcknowledgeRecovery(RecoveryJournal recoveries) =>
        TypedResults.Ok(recoveries.AcknowledgeAll());
}
