using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// One connection to the database. Each feature maps its own tables (see its *Record types) and
/// reaches them with <c>GetTable&lt;T&gt;()</c>; this type knows no feature.
/// </summary>
public sealed class SessionStoreDb(DataOptions options) : DataConnection(options)
{
    /// <summary>The newest migration applied, 0 for a database with no schema yet.</summary>
    public long SchemaVersion() =>
        SchemaTableExists() ? this.GetTable<AppliedMigration>().Max(m => (long?)m.Version) ?? 0 : 0;

    /// <summary>How the file keeps its journal: "wal" while the service runs.</summary>
    public string JournalMode() => this.Execute<string>("PRAGMA journal_mode");

    /// <summary>Copies the WAL into the database file and empties it.</summary>
    public void Checkpoint() => this.Execute("PRAGMA wal_checkpoint(TRUNCATE)");

    private bool SchemaTableExists() =>
        this.Execute<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name",
            new DataParameter("name", AppliedMigration.TableName)) > 0;

    /// <summary>FluentMigrator's record of applied migrations.</summary>
    [Table(TableName)]
    private sealed class AppliedMigration
    {
        public const string TableName = "VersionInfo";

        [Column] public long Version { get; set; }
    }
}
