using System.Data.Common;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// The database the service keeps its data in: one SQLite file in the data directory (<see cref="Sqlite.SqliteStorage"/>)
/// or a PostgreSQL database that several instances share (<see cref="PostgreSql.PostgreSqlStorage"/>). The features, the
/// writer and the migrations are the same on both; everything that differs between the two is behind this interface.
/// Readers are read-only and pooled, so many run beside the single writer (WAL on SQLite, MVCC on PostgreSQL).
/// </summary>
public interface IStorageProvider
{
    StorageProvider Kind { get; }

    /// <summary>Where the database is, for people: the SQLite file's path, or the PostgreSQL server and database (never a password).</summary>
    string Location { get; }

    /// <summary>A read-only connection from the pool. Dispose it when done.</summary>
    SessionStoreDb OpenReader();

    /// <summary>A read-write connection, open. Only the single writer and startup tasks use one.</summary>
    SessionStoreDb OpenWriter();

    /// <summary>Lets go of every pooled connection, so no idle one holds the database open.</summary>
    void ClearPools();

    /// <summary>
    /// Makes the database ready for the writer: checks it (and on SQLite recovers a damaged file), opens the writer's
    /// connection and migrates to the newest schema. Returns the schema version.
    /// </summary>
    long Open(StorageWriter writer);

    /// <summary>What is left of the startup check, run in the background once the service is ready; completes at once when nothing is.</summary>
    Task FinishCheckAsync(CancellationToken stopping);

    /// <summary>Runs as the writer stops, before its connection closes (SQLite checkpoints the WAL).</summary>
    void WriterStopping(SessionStoreDb writer);

    /// <summary>Whether a connection that failed under a batch must be replaced before the next (a dropped PostgreSQL session).</summary>
    bool ReplacesWriterAfterFailure { get; }

    /// <summary>
    /// The one plain sentence for a fault the request cannot help (disk, locks, an unreachable server, damage met in a SQLite
    /// file that opened fine), or null when <paramref name="e"/> is not one. On SQLite, damage is also reported, so its
    /// online recovery starts; the request answers 503 with the sentence.
    /// </summary>
    string? DescribeFault(Exception e);

    /// <summary>A write that lost a race with a writer in another process and succeeds if it runs again.</summary>
    bool IsTransient(Exception e);

    /// <summary>The tables, columns and indexes, as the database's own catalog describes them.</summary>
    Task<IReadOnlyList<TableSchema>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The database browser's case-insensitive substring test of a column against a parameter (a LIKE pattern, escaped with '\\').</summary>
    string ContainsCondition(string quotedColumn, string parameter);

    /// <summary>The column as the browser compares it with a filter value: as itself, or as its text where the database compares only like types.</summary>
    string Comparable(ColumnSchema column, string quotedColumn);

    /// <summary>What follows a sort key so that NULL sorts first ascending and last descending, as on SQLite.</summary>
    string NullsOrder(bool descending);

    /// <summary>The storage report for the dashboard and <c>GET /api/admin/storage</c>.</summary>
    StorageReport Report(long schemaVersion);
}
