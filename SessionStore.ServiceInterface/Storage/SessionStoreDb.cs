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
    private readonly List<IBatchWork> batchWork = [];

    /// <summary>The batch's work of type <typeparamref name="T"/>, made with <paramref name="create"/> by the first write that asks.</summary>
    public T BatchWork<T>(Func<T> create) where T : class, IBatchWork
    {
        foreach (var work in batchWork)
            if (work is T existing) return existing;
        var made = create();
        batchWork.Add(made);
        return made;
    }

    /// <summary>Runs the batch's work, in the order it was first asked for; the writer calls it before the commit.</summary>
    internal void FinishBatchWork()
    {
        // Work may ask for more work (a hook that derives from another's result), so this runs until none is left.
        for (var i = 0; i < batchWork.Count; i++) batchWork[i].Finish(this);
        batchWork.Clear();
    }

    /// <summary>Drops the batch's work: its transaction was rolled back.</summary>
    internal void DiscardBatchWork() => batchWork.Clear();

    /// <summary>The newest migration applied. Only after the migrations have run, which create its table.</summary>
    public long SchemaVersion() => this.GetTable<AppliedMigration>().Max(m => (long?)m.Version) ?? 0;

    /// <summary>FluentMigrator's record of applied migrations.</summary>
    [Table(DatabaseMigrator.VersionTable)]
    private sealed class AppliedMigration
    {
        [Column] public long Version { get; set; }
    }
}
