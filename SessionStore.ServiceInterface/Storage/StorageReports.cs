using LinqToDB;
using LinqToDB.Data;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>The storage report: what the admin dashboard and <c>GET /api/admin/storage</c> show, for either provider.</summary>
public sealed class StorageReports(
    DatabaseFiles files,
    DatabaseConnections database,
    StorageStatus status,
    Backups backups,
    RecoveryJournal recoveries,
    IOptions<StorageOptions> options)
{
    public StorageReport Read()
    {
        using var db = database.OpenReader();
        if (database.Provider == StorageProvider.PostgreSql)
        {
            var server = db.Query<ServerFacts>(
                "SELECT current_setting('server_version') AS Version, pg_database_size(current_database()) AS SizeBytes, " +
                "current_setting('synchronous_commit') AS SynchronousCommit").Single();
            return new StorageReport(database.Location, server.SizeBytes, WalSizeBytes: null, status.SchemaVersion, JournalMode: null,
                server.SynchronousCommit, LastBackup: null, RecoveryEvents: [], nameof(StorageProvider.PostgreSql), server.Version);
        }
        return new StorageReport(
            files.DatabasePath,
            DatabaseFiles.LengthOf(files.DatabasePath),
            DatabaseFiles.LengthOf(files.WalPath),
            status.SchemaVersion,
            db.JournalMode(),
            // Synchronous is a per-connection setting; this is what the writer, the only connection that writes, uses.
            options.Value.Synchronous.ToString().ToUpperInvariant(),
            backups.List() is [var newest, ..] ? newest : null,
            recoveries.Events(),
            nameof(StorageProvider.Sqlite),
            ServerVersion: null);
    }

    private sealed record ServerFacts(string Version, long SizeBytes, string SynchronousCommit);
}
