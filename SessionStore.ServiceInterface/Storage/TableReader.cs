using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace SessionStore.ServiceInterface.Storage;

public enum FilterOperator
{
    Equals,
    Contains,
    LessThan,
    GreaterThan,
    IsNull,
}

/// <summary>A condition on one column. <see cref="Value"/> is a long, double or string (none for IsNull), bound as a parameter.</summary>
public sealed record RowFilter(ColumnSchema Column, FilterOperator Operator, object? Value = null);

/// <summary>Which rows of a table, in which order. Every name in it comes from <see cref="TableSchema"/>.</summary>
public sealed record TableView(TableSchema Table, ColumnSchema? OrderBy, bool Descending, IReadOnlyList<RowFilter> Filters);

/// <summary>A page of rows (values in the table's column order) and how many rows match, counted up to a limit.</summary>
public sealed record RowPage(IReadOnlyList<object?[]> Rows, long Matching, bool MatchingIsLowerBound);

/// <summary>
/// The database browser's reads: schema, row counts, pages and whole views of any table, on read-only
/// connections. Identifiers come from the schema and are quoted; every value is a parameter.
/// Row values are long, double, string, byte[] or null. Filters and sorting answer alike on both providers:
/// <c>contains</c> ignores ASCII case, and NULL sorts before any value.
/// </summary>
public sealed class TableReader(DatabaseConnections connections)
{
    private readonly bool postgreSql = connections.Provider == StorageProvider.PostgreSql;

    public async Task<IReadOnlyList<TableSchema>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        await using var db = connections.OpenReader();
        return await DatabaseSchema.ReadAsync(await db.OpenDbConnectionAsync(cancellationToken), cancellationToken);
    }

    public async Task<long> CountRowsAsync(TableSchema table, CancellationToken cancellationToken)
    {
        await using var db = connections.OpenReader();
        return await Sql.ScalarAsync(await db.OpenDbConnectionAsync(cancellationToken), $"SELECT COUNT(*) FROM {Sql.Quote(table.Name)}", [], cancellationToken);
    }

    /// <summary>
    /// One page of the view. Counting stops at <paramref name="countLimit"/> (or just past the page, if that is
    /// further), so a filter that matches most of a large table does not cost a scan of all of it per page.
    /// </summary>
    public async Task<RowPage> ReadPageAsync(TableView view, int skip, int take, long countLimit, CancellationToken cancellationToken)
    {
        await using var db = connections.OpenReader();
        var connection = await db.OpenDbConnectionAsync(cancellationToken);
        var (where, parameters) = Where(view);
        var table = Sql.Quote(view.Table.Name);

        var limit = Math.Max(countLimit, (long)skip + take + 1);
        var count = await Sql.ScalarAsync(connection,
            $"SELECT COUNT(*) FROM (SELECT 1 FROM {table}{where} LIMIT @p{parameters.Count}) AS matching", [.. parameters, limit], cancellationToken);

        var rows = new List<object?[]>(take);
        var page = $"SELECT * FROM {table}{where}{OrderBy(view)} LIMIT @p{parameters.Count} OFFSET @p{parameters.Count + 1}";
        await foreach (var row in Sql.QueryAsync(connection, page, [.. parameters, (long)take, (long)skip], cancellationToken))
            rows.Add(row);
        return new RowPage(rows, count, MatchingIsLowerBound: count == limit);
    }

    /// <summary>Every row of the view, one at a time, so a view of any size streams in constant memory.</summary>
    public async IAsyncEnumerable<object?[]> ReadAllAsync(TableView view, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = connections.OpenReader();
        var connection = await db.OpenDbConnectionAsync(cancellationToken);
        var (where, parameters) = Where(view);
        await foreach (var row in Sql.QueryAsync(connection, $"SELECT * FROM {Sql.Quote(view.Table.Name)}{where}{OrderBy(view)}", parameters, cancellationToken))
            yield return row;
    }

    private (string Sql, List<object?> Parameters) Where(TableView view)
    {
        var parameters = new List<object?>();
        var conditions = new List<string>();
        foreach (var filter in view.Filters)
        {
            var column = Sql.Quote(filter.Column.Name);
            var parameter = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            // PostgreSQL compares only like with like: a column of any other type is compared as its text.
            var comparable = postgreSql && filter.Column.Affinity == ColumnAffinity.Numeric ? $"CAST({column} AS TEXT)" : column;
            conditions.Add(filter.Operator switch
            {
                FilterOperator.Equals => $"{comparable} = {parameter}",
                FilterOperator.LessThan => $"{comparable} < {parameter}",
                FilterOperator.GreaterThan => $"{comparable} > {parameter}",
                // SQLite's LIKE ignores ASCII case and compares any value as text; PostgreSQL's ILIKE needs the cast.
                FilterOperator.Contains => postgreSql
                    ? $"CAST({column} AS TEXT) ILIKE '%' || {parameter} || '%' ESCAPE '\\'"
                    : $"{column} LIKE '%' || {parameter} || '%' ESCAPE '\\'",
                FilterOperator.IsNull => $"{column} IS NULL",
                _ => throw new ArgumentOutOfRangeException(nameof(view), filter.Operator, null),
            });
            if (filter.Operator == FilterOperator.Contains) parameters.Add(EscapeLike(Convert.ToString(filter.Value, CultureInfo.InvariantCulture) ?? ""));
            else if (filter.Operator != FilterOperator.IsNull) parameters.Add(comparable == column ? filter.Value : Convert.ToString(filter.Value, CultureInfo.InvariantCulture));
        }
        return (conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions), parameters);
    }

    /// <summary>
    /// The chosen column, then the row's identity, so pages never overlap or skip rows with equal values.
    /// NULL sorts first ascending and last descending, as SQLite does; PostgreSQL is told so.
    /// </summary>
    private string OrderBy(TableView view)
    {
        var direction = view.Descending ? " DESC" : "";
        var keys = new List<string>();
        if (view.OrderBy is { } column)
            keys.Add(Sql.Quote(column.Name) + direction + (postgreSql ? view.Descending ? " NULLS LAST" : " NULLS FIRST" : ""));
        if (view.Table.RowIdentity is { } rowIdentity)
            keys.Add(rowIdentity + direction);
        else
            keys.AddRange(view.Table.Columns.Where(c => c.PrimaryKeyPosition > 0).OrderBy(c => c.PrimaryKeyPosition).Select(c => Sql.Quote(c.Name) + direction));
        return " ORDER BY " + string.Join(", ", keys);
    }

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
