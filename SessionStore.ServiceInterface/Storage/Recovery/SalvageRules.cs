namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>What the features say about salvage: tables they rebuild themselves, and rows they can serve.</summary>
internal sealed class SalvageRules(IEnumerable<IDerivedData> derivedData, IEnumerable<IServableRows> servableRows)
{
    private readonly HashSet<string> derived = derivedData.SelectMany(d => d.Tables).ToHashSet(StringComparer.Ordinal);
    private readonly Dictionary<string, IServableRows> servable = servableRows.ToDictionary(s => s.Table, StringComparer.Ordinal);

    /// <summary>Derived tables are not salvaged: they are rebuilt from the rows that came back.</summary>
    public bool IsSalvaged(string table) => !derived.Contains(table);

    public bool CanServe(string table, IReadOnlyList<string> columns, object?[] values) =>
        !servable.TryGetValue(table, out var rules) ||
        rules.CanServe(columns.Select((column, i) => (column, values[i])).ToDictionary(pair => pair.column, pair => pair.Item2, StringComparer.Ordinal));
}
