using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>Streams every row of a filtered, sorted view of a table as CSV or JSON.</summary>
[Route("/api/admin/tables/{table}/export", "GET")]
public sealed record ExportTableRows(
    [property: Description("The table, as listed by ListTables.")]
    string Table,
    [property: Description("csv (RFC 4180, with a header row) or json (an array of objects).")]
    ExportFormat Format = ExportFormat.Csv,
    [property: Description("The column to sort by; the table's row order if not given.")]
    string? OrderBy = null,
    [property: Description("Sort descending.")]
    bool Desc = false,
    [property: Description("Filters, as for QueryTableRows.")]
    string[]? Filter = null) : ITableView, IReturn<Stream>;
