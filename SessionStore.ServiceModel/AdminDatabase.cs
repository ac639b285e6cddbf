using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace SessionStore.ServiceModel;

/// <summary>Lists every table of the database with its row count, columns and indexes.</summary>
public sealed record ListTables;

public sealed record TablesResponse(IReadOnlyList<TableInfo> Tables);

public sealed record TableInfo(string Name, long RowCount, IReadOnlyList<ColumnInfo> Columns, IReadOnlyList<IndexInfo> Indexes);

/// <summary>A column as the schema declares it. <c>PrimaryKey</c> is its position in the primary key, 0 if not part of it.</summary>
public sealed record ColumnInfo(string Name, string Type, int PrimaryKey, bool NotNull, string? DefaultValue);

public sealed record IndexInfo(string Name, IReadOnlyList<string> Columns, bool Unique);

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

/// <summary>Reads one page of a table's rows, filtered and sorted on the server.</summary>
public sealed record QueryTableRows(
    [property: Description("The table, as listed by ListTables.")]
    string Table,
    [property: Description("The column to sort by; the table's row order if not given.")]
    string? OrderBy = null,
    [property: Description("Sort descending.")]
    bool Desc = false,
    [property: Description("Filters, all of which a row must match: column:eq:value, column:contains:text, column:lt:value, column:gt:value or column:null.")]
    string[]? Filter = null,
    [property: Description("How many rows to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many rows to return, at most 500.")]
    [property: Range(1, Limits.MaxTableRowsTake)]
    int Take = Limits.DefaultTableRowsTake) : ITableView;

/// <summary>
/// One page of rows, each an object keyed by column name. Blobs are lowercase hex. <c>Matching</c> counts the
/// rows that pass the filters, up to <c>MatchingCountLimit</c>; when <c>MatchingIsLowerBound</c> there are more.
/// </summary>
public sealed record TableRowsResponse(
    string Table,
    IReadOnlyList<string> Columns,
    int Skip,
    int Take,
    long Matching,
    bool MatchingIsLowerBound,
    IReadOnlyList<JsonObject> Rows);

/// <summary>Streams every row of a filtered, sorted view of a table as CSV or JSON.</summary>
public sealed record ExportTableRows(
    [property: Description("The table, as listed by ListTables.")]
    string Table,
    [property: Description("csv (RFC 4180, with a header row) or json (an array of objects).")]
    [property: AllowedValues("csv", "json", ErrorMessage = "{0} must be csv or json.")]
    string Format = "csv",
    [property: Description("The column to sort by; the table's row order if not given.")]
    string? OrderBy = null,
    [property: Description("Sort descending.")]
    bool Desc = false,
    [property: Description("Filters, as for QueryTableRows.")]
    string[]? Filter = null) : ITableView;
