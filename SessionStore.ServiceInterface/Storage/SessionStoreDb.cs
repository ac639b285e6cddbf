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

    /// <summary>FluentMigrator's record of applied migrations.</summary>
    [Table(DatabaseMigrator.VersionTable)]
    private sealed class AppliedMigration
    {
        [Column] public long Version { get; set; }
    }
}
