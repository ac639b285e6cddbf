namespace SessionStore.ServiceModel;

public sealed record TableInfo(string Name, long RowCount, IReadOnlyList<ColumnInfo> Columns, IReadOnlyList<IndexInfo> Indexes);
