using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SessionStore.ServiceInterface.Storage.Backups;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>
/// Runs before the writer opens the database: checks the files and, when they are damaged, moves them into
/// <c>quarantine/&lt;UTC timestamp&gt;/</c> unchanged and builds a replacement, in this order: the newest
/// backup that passes <c>PRAGMA integrity_check</c>; every row still readable in the damaged file merged on
/// top; otherwise an empty database. Every step is recorded in the <see cref="RecoveryJournal"/> before the
/// next begins, so a crash in the middle resumes where it stopped instead of starting over or looping.
/// </summary>
public sealed class DatabaseRecovery(
    DatabaseFiles files,
    RecoveryJournal journal,
    LocalBackups backups,
    IEnumerable<IDerivedData> derivedData,
    IEnumerable<IServableRows> servableRows,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<DatabaseRecovery> logger)
{
    private const string ReplacementFileName = "recovered.db";
    private const string DamagedCopyFileName = "damaged-copy.db";

    private readonly SalvageRules rules = new(derivedData, servableRows);

    private string Replacement => Path.Combine(files.RecoveryWorkDirectory, ReplacementFileName);

    /// <summary>
    /// Finishes an interrupted recovery, or checks the files and recovers them if they are damaged.
    /// False when quick_check ran out of its startup budget: the caller finishes it in the background.
    /// </summary>
    public bool RecoverIfDamaged(TimeSpan quickCheckBudget)
    {
        if (journal.Unfinished() is { } interrupted)
        {
            LogParagraph(Finish(interrupted));
            return true;
        }
        var inspection = DatabaseInspector.Inspect(files, quickCheckBudget);
        if (inspection.Kind == DamageKind.SharedMemoryIndex)
        {
            LogParagraph(Finish(journal.Save(journal.New(inspection.Problem!, RecoveryPath.IndexRebuilt))));
            inspection = DatabaseInspector.Inspect(files, quickCheckBudget);
        }
        if (inspection.Kind == DamageKind.Database)
        {
            Recover(inspection.Problem!);
            return true;
        }
        return inspection.Finished;
    }

    /// <summary>Quarantines and recovers a database found damaged after the check, while opening it.</summary>
    public void Recover(string problem) => LogParagraph(Finish(journal.Save(journal.New(problem, RecoveryPath.RestartPending))));

    /// <summary>
    /// Finishes the recovery of damage found while the service ran (<see cref="LiveDamage"/>): quarantine, rebuild, put in
    /// place. The caller has closed every connection to the database first.
    /// </summary>
    public void FinishPending()
    {
        if (journal.Unfinished() is { } pending) LogParagraph(Finish(pending));
    }

    /// <summary>
    /// Replaces the database with <paramref name="backupFile"/>, which must pass <c>PRAGMA integrity_check</c>;
    /// the current files go to quarantine. Only while no service holds the data directory.
    /// </summary>
    /// <exception cref="StorageStartupException">The backup is not usable; nothing was changed.</exception>
    /// <param name="backupFile">The backup, as a file on this host.</param>
    /// <param name="source">Where it came from, for the event, when not from that path (an off-host copy downloaded there).</param>
    public RecoveryEvent RestoreFromBackup(string backupFile, string? source = null)
    {
        if (!File.Exists(backupFile)) throw new StorageStartupException($"There is no backup file {backupFile}.");
        if (journal.Unfinished() is { } interrupted) LogParagraph(Finish(interrupted));
        PrepareWorkDirectory();
        File.Copy(backupFile, Replacement);
        if (SqliteFile.IntegrityProblem(Replacement) is { } problem)
        {
            PrepareWorkDirectory();
            throw new StorageStartupException($"{backupFile} cannot be restored: {problem}. Nothing was changed.");
        }
        long rows;
        using (var replacement = SqliteFile.Open(Replacement))
        {
            rows = CountDataRows(replacement);
            SqlCommands.Execute(replacement, "PRAGMA journal_mode = DELETE");
        }
        // An operator's own action: recorded, but already acknowledged, so readiness is not Degraded for it.
        var record = journal.New($"replaced by an offline restore of {source ?? Path.GetFullPath(backupFile)}", RecoveryPath.OfflineRestore) with
        {
            RestoredFromBackup = Path.GetFileName(backupFile),
            RowsRestored = rows,
            ReplacementPrepared = true,
            Acknowledged = true,
        };
        return journal.ToEvent(Finish(journal.Save(record)));
    }

    private RecoveryRecord Finish(RecoveryRecord record)
    {
        if (record.Stage == RecoveryStage.Detected)
        {
            var folder = Quarantine.CreateFolder(files, time.GetUtcNow());
            record = journal.Save(record with
            {
                Stage = RecoveryStage.Quarantining,
                QuarantinedTo = Path.GetRelativePath(files.DataDirectory, folder),
            });
        }
        if (record.Stage == RecoveryStage.Quarantining)
        {
            var quarantined = record.RecoveryPath == RecoveryPath.IndexRebuilt ? [files.SharedMemoryPath] : files.DatabaseFileSet;
            Quarantine.MoveInto(QuarantineFolderOf(record), quarantined);
            var next = record.RecoveryPath == RecoveryPath.IndexRebuilt ? RecoveryStage.Done
                : record.ReplacementPrepared ? RecoveryStage.Built
                : RecoveryStage.Quarantined;
            record = journal.Save(record with { Stage = next });
        }
        if (record.Stage == RecoveryStage.Quarantined || (record.Stage == RecoveryStage.Built && !File.Exists(Replacement) && !File.Exists(files.DatabasePath)))
            record = journal.Save(Build(record) with { Stage = RecoveryStage.Built });
        if (record.Stage == RecoveryStage.Built)
        {
            // If the move happened before a crash, the replacement is already in place.
            if (File.Exists(Replacement)) File.Move(Replacement, files.DatabasePath, overwrite: false);
            if (Directory.Exists(files.RecoveryWorkDirectory)) Directory.Delete(files.RecoveryWorkDirectory, recursive: true);
            record = journal.Save(record with { Stage = RecoveryStage.Done });
        }
        return record;
    }

    /// <summary>Builds the replacement in the work directory: newest good backup, migrated, then salvage on top.</summary>
    private RecoveryRecord Build(RecoveryRecord record)
    {
        PrepareWorkDirectory();
        var backup = RestoreNewestGoodBackup();
        SqliteStorage.MigrateToLatest(Replacement, loggerFactory);

        long restored, salvaged;
        using (var replacement = SqliteFile.Open(Replacement))
        {
            restored = backup is null ? 0 : CountDataRows(replacement);
            // Rows arrive table by table, children before parents; references are checked once all are in.
            SqlCommands.Execute(replacement, "PRAGMA foreign_keys = OFF");
            salvaged = CopyOfDamagedFile(QuarantineFolderOf(record)) is { } copy ? Salvage.Into(replacement, copy, rules, logger) : 0;
            DeleteRowsWithoutParents(replacement);
        }
        RebuildDerivedData();
        using (var replacement = SqliteFile.Open(Replacement))
            SqlCommands.Execute(replacement, "PRAGMA journal_mode = DELETE"); // one self-contained file to move into place

        return record with
        {
            RecoveryPath = (backup, salvaged) switch
            {
                (not null, > 0) => RecoveryPath.BackupAndSalvage,
                (not null, _) => RecoveryPath.Backup,
                (null, > 0) => RecoveryPath.Salvage,
                _ => RecoveryPath.Empty,
            },
            RestoredFromBackup = backup,
            RowsRestored = restored,
            RowsSalvaged = salvaged,
        };
    }

    /// <summary>
    /// Copies the newest backup that matches its manifest and passes integrity_check to the replacement path; returns its
    /// name, or null. The service's own backups come first: a file an operator copied in has the date of the copy, not of its data.
    /// </summary>
    private string? RestoreNewestGoodBackup()
    {
        foreach (var backup in backups.List().OrderBy(backup => backup.Foreign))
        {
            File.Copy(backups.PathOf(backup.Name)!, Replacement, overwrite: true);
            if ((backup.Manifest?.Mismatch(Replacement) ?? SqliteFile.IntegrityProblem(Replacement)) is not { } problem) return backup.Name;
            logger.LogWarning("Backup {Name} is not used for recovery: {Problem}", backup.Name, problem);
            File.Delete(Replacement);
        }
        return null;
    }

    /// <summary>
    /// A copy of the quarantined database and WAL to salvage from, so the quarantined bytes stay exactly as
    /// they were. A damaged "SQLite format 3" signature is put back in the copy: the pages after it may be fine.
    /// </summary>
    private string? CopyOfDamagedFile(string quarantineFolder)
    {
        var damaged = Path.Combine(quarantineFolder, DatabaseFiles.DatabaseFileName);
        if (!File.Exists(damaged)) return null;
        var copy = Path.Combine(files.RecoveryWorkDirectory, DamagedCopyFileName);
        File.Copy(damaged, copy, overwrite: true);
        if (File.Exists(damaged + "-wal")) File.Copy(damaged + "-wal", copy + "-wal", overwrite: true);
        using var stream = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite);
        if (stream.Length >= 100)
        {
            var start = new byte[SqliteFileFormat.DatabaseMagic.Length];
            stream.ReadExactly(start);
            if (!start.AsSpan().SequenceEqual(SqliteFileFormat.DatabaseMagic))
            {
                stream.Position = 0;
                stream.Write(SqliteFileFormat.DatabaseMagic);
            }
        }
        return copy;
    }

    /// <summary>Rows whose parent did not come back (a high score whose session was on a lost page) go.</summary>
    private void DeleteRowsWithoutParents(SqliteConnection replacement)
    {
        using var check = SqlCommands.Command<SqliteCommand>(replacement, "PRAGMA foreign_key_check");
        var orphans = new List<(string Table, long RowId)>();
        using (var reader = check.ExecuteReader())
            while (reader.Read())
                if (!reader.IsDBNull(1)) orphans.Add((reader.GetString(0), reader.GetInt64(1)));
        foreach (var (table, rowId) in orphans)
            SqlCommands.Execute(replacement, $"DELETE FROM {SqlCommands.Quote(table)} WHERE rowid = @p0", rowId);
        if (orphans.Count > 0) logger.LogWarning("{Count} salvaged rows referred to rows that were lost and were left out.", orphans.Count);
    }

    /// <summary>The rows that are data, not derived from other rows: what an operator means by "rows restored".</summary>
    private long CountDataRows(SqliteConnection connection) =>
        SqliteFile.DataTables(connection).Where(rules.IsSalvaged).Sum(table => SqliteFile.CountRows(connection, table));

    private void RebuildDerivedData()
    {
        using var db = SqliteFile.OpenDb(Replacement);
        using var transaction = db.BeginTransaction();
        foreach (var data in derivedData) data.Rebuild(db);
        transaction.Commit();
    }

    private void PrepareWorkDirectory()
    {
        // Only ever holds copies this class made; whatever an interrupted run left there is rebuilt.
        if (Directory.Exists(files.RecoveryWorkDirectory)) Directory.Delete(files.RecoveryWorkDirectory, recursive: true);
        Directory.CreateDirectory(files.RecoveryWorkDirectory);
    }

    private string QuarantineFolderOf(RecoveryRecord record) => Path.Combine(files.DataDirectory, record.QuarantinedTo);

    /// <summary>One paragraph an operator can act on: what was wrong, where the files went, what came back.</summary>
    private void LogParagraph(RecoveryRecord record)
    {
        var recoveryEvent = journal.ToEvent(record);
        var outcome = record.RecoveryPath switch
        {
            RecoveryPath.IndexRebuilt => "SQLite rebuilds that index from the WAL, so no data was touched.",
            RecoveryPath.OfflineRestore => $"The database holds the {record.RowsRestored} rows of backup {record.RestoredFromBackup}.",
            RecoveryPath.Empty => "No backup passed PRAGMA integrity_check and no row could be read from the damaged file, so the service starts with an empty database.",
            _ => (record.RestoredFromBackup is { } backup
                    ? $"It restored backup {backup} ({record.RowsRestored} rows), which passed PRAGMA integrity_check, and"
                    : "No backup passed PRAGMA integrity_check; it") +
                 $" salvaged {record.RowsSalvaged} rows still readable in the damaged file" +
                 (record.RestoredFromBackup is null ? "." : " on top (a salvaged row replaces its older copy from the backup)."),
        };
        var acknowledge = record.Acknowledged
            ? ""
            : " /health/ready reports Degraded until an operator acknowledges this with POST /api/admin/recovery/acknowledge.";
        logger.LogWarning(
            "SessionStore recovered its database {Path}: {Problem}. The affected files were moved, unchanged, to {Folder}. {Outcome} " +
            "The service serves normally.{Acknowledge} See docs/operations.md. (Recovery event {Id}.)",
            files.DatabasePath, recoveryEvent.Problem, recoveryEvent.QuarantinedTo, outcome, acknowledge, recoveryEvent.Id);
    }
}
