using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace SessionStore.ServiceModel;

/// <summary>Reads one page of a table's rows, filtered and sorted on the server.</summary>
[Route("/api/admin/tables/{table}/rows", "GET")]
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
    int Take = Limits.DefaultTableRowsTake) : ITableView, IReturn<TableRowsResponse>;

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
