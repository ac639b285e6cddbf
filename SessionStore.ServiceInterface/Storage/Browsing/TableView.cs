namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>Which rows of a table, in which order. Every name in it comes from <see cref="TableSchema"/>.</summary>
public sealed record TableView(TableSchema Table, ColumnSchema? OrderBy, bool Descending, IReadOnlyList<RowFilter> Filters);
