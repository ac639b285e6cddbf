namespace SessionStore.ServiceModel;

/// <summary>
/// What a view of one table shows: which rows (filters, each <c>column:op[:value]</c> with op one of
/// eq, contains, lt, gt, null) in which order (any column, ascending unless <c>desc</c>).
/// </summary>
public interface ITableView
{
    string Table { get; }
    string? OrderBy { get; }
    bool Desc { get; }
    string[]? Filter { get; }
}
