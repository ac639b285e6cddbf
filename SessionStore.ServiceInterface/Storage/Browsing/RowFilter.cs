namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>A condition on one column. <see cref="Value"/> is a long, double or string (none for IsNull), bound as a parameter.</summary>
public sealed record RowFilter(ColumnSchema Column, FilterOperator Operator, object? Value = null);
