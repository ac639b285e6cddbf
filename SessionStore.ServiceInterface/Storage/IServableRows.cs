namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// What a feature can serve from one of its tables. A row read back from a damaged file can be readable to
/// SQLite and still hold flipped bytes; salvage leaves out rows that break these rules, so a damaged value never
/// replaces the good one from a backup, and nothing is restored that the API would fail to serve.
/// </summary>
public interface IServableRows
{
    string Table { get; }

    /// <summary>The row's values by column name: long, double, string, byte[] or null, as SQLite stored them.</summary>
    bool CanServe(IReadOnlyDictionary<string, object?> row);
}
