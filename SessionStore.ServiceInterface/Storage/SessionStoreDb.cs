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
    /// <summary>The newest migration applied. Only after the migrations have run, which create its table.</summary>
    public long SchemaVersion() => this.GetTable<AppliedMigration>().Max(m => (long?)m.Version) ?? 0;

    /// <summary>SQLite: how the file keeps its journal, "wal" while the service runs.</summary>
    public string JournalMode() => this.Execute<string>("PRAGMA journal_mode");

    /// <summary>SQLite: copies the WAL into the database file and empties it.</summary>
    public void Checkpoint() => this.Execute("PRAGMA wal_checkpoint(TRUNCATE)");

    /// <summary>FluentMigrator's record of applied migrations.</summary>
    [Table(TableName)]
    private sealed class AppliedMigration
    {
        public const string TableName = "VersionInfo";

        [Column] public long Version { get; set; }
    }
}
