using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// One restore drill of one <see cref="IBackupTarget"/>: its newest backup is copied into a scratch folder in the data
/// directory (the copy checks its size and SHA-256 against the manifest), then <c>PRAGMA integrity_check</c> runs on it and
/// its schema version and the row count of every table are compared with what the manifest recorded. Passed means a
/// restore from that backup would give back exactly what was backed up. The scratch folder is removed afterwards.
/// </summary>
public sealed class RestoreDrill(DatabaseFiles files, TimeProvider time)
{
    public async Task<RestoreDrillResult> RunAsync(IBackupTarget target, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow().UtcDateTime;
        var started = Stopwatch.GetTimestamp();
        BackupManifest? backup = null;
        try
        {
            backup = await target.ListAsync(cancellationToken) is [var newest, ..] ? newest : null;
            var outcome = backup is null ? $"There is no backup in {target.Description} to restore." : await RestoreAndCheckAsync(target, backup, cancellationToken);
            return Result(outcome is null, outcome ?? Proven(target, backup!));
        }
        catch (BackupTargetException e)
        {
            return Result(false, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            return Result(false, $"The drill could not restore into {files.DrillDirectory}: {SqliteFaults.Describe(e) ?? e.Message}");
        }
        finally
        {
            if (Directory.Exists(files.DrillDirectory)) Directory.Delete(files.DrillDirectory, recursive: true);
        }

        RestoreDrillResult Result(bool passed, string outcome) =>
            new(at, target.Location, backup?.Name, backup?.CreatedAt, passed, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Null when the restored copy is what the manifest recorded; else what differs.</summary>
    private async Task<string?> RestoreAndCheckAsync(IBackupTarget target, BackupManifest backup, CancellationToken cancellationToken)
    {
        if (Directory.Exists(files.DrillDirectory)) Directory.Delete(files.DrillDirectory, recursive: true);
        Directory.CreateDirectory(files.DrillDirectory);
        var restored = Path.Combine(files.DrillDirectory, backup.Name);
        await target.CopyToAsync(backup, restored, cancellationToken);
        return await Task.Run(() =>
        {
            if (SqliteFile.IntegrityProblem(restored) is { } problem) return $"{backup.Name} from {target.Description} fails {problem}.";
            using var connection = SqliteFile.Open(restored, SqliteOpenMode.ReadOnly);
            var version = SqliteFile.SchemaVersion(connection);
            if (version != backup.SchemaVersion)
                return $"{backup.Name} from {target.Description} is at schema version {version} where its manifest recorded {backup.SchemaVersion}.";
            var counts = SqliteFile.RowCounts(connection);
            var differences = backup.RowCounts.Keys.Union(counts.Keys)
                .Where(table => counts.GetValueOrDefault(table, -1) != backup.RowCounts.GetValueOrDefault(table, -1))
                .Select(table => $"{table} has {Count(counts, table)} rows where the manifest recorded {Count(backup.RowCounts, table)}")
                .ToList();
            return differences.Count == 0 ? null : $"{backup.Name} from {target.Description} restored, but {string.Join("; ", differences)}.";
        }, cancellationToken);
    }

    private static string Proven(IBackupTarget target, BackupManifest backup) =>
        $"Restored {backup.Name} ({backup.SizeBytes:N0} bytes) from {target.Description}: its SHA-256, PRAGMA integrity_check, schema version " +
        $"{backup.SchemaVersion} and the row counts of its {backup.RowCounts.Count} tables ({backup.RowCounts.Values.Sum():N0} rows) match its manifest.";

    private static string Count(IReadOnlyDictionary<string, long> counts, string table) =>
        counts.TryGetValue(table, out var count) ? count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "no table";
}
