namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>A page of rows (values in the table's column order) and how many rows match, counted up to a limit.</summary>
public sealed record RowPage(IReadOnlyList<object?[]> Rows, long Matching, bool MatchingIsLowerBound);
