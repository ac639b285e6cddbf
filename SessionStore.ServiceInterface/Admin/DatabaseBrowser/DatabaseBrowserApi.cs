using System.Diagnostics;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Admin.DatabaseBrowser;

/// <summary>The admin database browser: tables, pages of rows, and exports. Read-only.</summary>
public static class DatabaseBrowserApi
{
    public const string Tag = "Admin: database";

    /// <summary>How far a page counts the rows its filters match; beyond that it says "at least".</summary>
    public const long MatchingCountLimit = 10_000;

    public static RouteGroupBuilder MapDatabaseBrowser(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("").WithApiTag(Tag, "A read-only view of the database's tables, their rows and exports of them.");

        group.MapRequest<ListTables>(Tables)
            .WithSummary("List the tables")
            .WithDescription("Every table of the database with its row count, its columns (type, primary key, nullability, default) and its indexes.");

        group.MapRequest<QueryTableRows>(Rows)
            .WithSummary("Read a page of a table's rows")
            .WithDescription("Filtered (filter=column:op:value, op one of eq, contains, lt, gt; or column:null), sorted by any column (orderBy, desc) and paged (skip, take) on the server. " +
                             $"'matching' counts the rows that pass the filters, up to {MatchingCountLimit} or just past the page.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapRequest<ExportTableRows>(Export)
            .WithSummary("Export a table's filtered, sorted rows as CSV or JSON")
            .WithDescription("Takes the same orderBy, desc and filter as the rows page and streams every matching row, so a table of any size exports in constant memory. " +
                             "CSV text cells that would start a spreadsheet formula (=, +, -, @) get a leading apostrophe.")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv", "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    private static async Task<Ok<TablesResponse>> Tables(TableReader reader, CancellationToken cancellationToken)
    {
        var tables = new List<TableInfo>();
        foreach (var table in await reader.ReadSchemaAsync(cancellationToken))
            tables.Add(new TableInfo(
                table.Name,
                await reader.CountRowsAsync(table, cancellationToken),
                [.. table.Columns.Select(c => new ColumnInfo(c.Name, c.DeclaredType, c.PrimaryKeyPosition, c.NotNull, c.DefaultValue))],
                [.. table.Indexes.Select(i => new IndexInfo(i.Name, i.Columns, i.Unique))]));
        return TypedResults.Ok(new TablesResponse(tables));
    }

    private static async Task<Results<Ok<TableRowsResponse>, ProblemHttpResult>> Rows(
        [AsParameters] QueryTableRows request, TableReader reader, CancellationToken cancellationToken)
    {
        switch (await TableViews.ResolveAsync(request, reader, cancellationToken))
        {
            case TableViewResolution.Refused refused:
                return refused.Problem;
            case TableViewResolution.Resolved { View: var view }:
                var page = await reader.ReadPageAsync(view, request.Skip, request.Take, MatchingCountLimit, cancellationToken);
                return TypedResults.Ok(new TableRowsResponse(
                    view.Table.Name,
                    [.. view.Table.Columns.Select(c => c.Name)],
                    request.Skip,
                    request.Take,
                    page.Matching,
                    page.MatchingIsLowerBound,
                    [.. page.Rows.Select(row => TableExport.ToJsonObject(view.Table, row))]));
            default:
                throw new UnreachableException();
        }
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Export(
        [AsParameters] ExportTableRows request, TableReader reader, CancellationToken cancellationToken)
    {
        switch (await TableViews.ResolveAsync(request, reader, cancellationToken))
        {
            case TableViewResolution.Refused refused:
                return refused.Problem;
            case TableViewResolution.Resolved { View: var view }:
                var csv = request.Format == ExportFormat.Csv;
                return TypedResults.Stream(
                    body => csv
                        ? TableExport.WriteCsvAsync(body, view.Table, reader.ReadAllAsync(view, cancellationToken), cancellationToken)
                        : TableExport.WriteJsonAsync(body, view.Table, reader.ReadAllAsync(view, cancellationToken), cancellationToken),
                    contentType: csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
                    fileDownloadName: $"{view.Table.Name}.{(csv ? "csv" : "json")}");
            default:
                throw new UnreachableException();
        }
    }
}
