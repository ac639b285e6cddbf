using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>
/// The database browser's reads: schema, row counts, pages and whole views of any table, on read-only
/// connections. Identifiers come from the schema and are quoted; every value is a parameter.
/// Row values are long, double, string, byte[] or null. Filters and sorting answer alike on both providers:
/// <c>contains</c> ignores ASCII case, and NULL sorts before any value.
/// </summary>
public sealed class TableReader(IStorageProvider storage)
{

    public async Task<IReadOnlyList<TableSchema>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        return await storage.ReadTablesAsync(await db.OpenDbConnectionAsync(cancellationToken), cancellationToken);
    }

    public async Task<long> CountRowsAsync(TableSchema table, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        return await SqlCommands.ScalarAsync(await db.OpenDbConnectionAsync(cancellationToken), $"SELECT COUNT(*) FROM {SqlCommands.Quote(table.Name)}", [], cancellationToken);
    }

    /// <summary>
    /// One page of the view. Counting stops at <paramref name="countLimit"/> (or just past the page, if that is
    /// further), so a filter that matches most of a large table does not cost a scan of all of it per page.
    /// </summary>
    public async Task<RowPage> ReadPageAsync(TableView view, int skip, int take, long countLimit, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var connection = await db.OpenDbConnectionAsync(cancellationToken);
        var (where, parameters) = Where(view);
        var table = SqlCommands.Quote(view.Table.Name);

        var limit = Math.Max(countLimit, (long)skip + take + 1);
        var count = await SqlCommands.ScalarAsync(connection,
            $"SELECT COUNT(*) FROM (SELECT 1 FROM {table}{where} LIMIT @p{parameters.Count}) AS matching", [.. parameters, limit], cancellationToken);

        var rows = new List<object?[]>(take);
        var page = $"SELECT * FROM {table}{where}{OrderBy(view)} LIMIT @p{parameters.Count} OFFSET @p{parameters.Count + 1}";
        await foreach (var row in SqlCommands.QueryAsync(connection, page, [.. parameters, (long)take, (long)skip], cancellationToken))
            rows.Add(row);
        return new RowPage(rows, count, MatchingIsLowerBound: count == limit);
    }

    /// <summary>Every row of the view, one at a time, so a view of any size streams in constant memory.</summary>
    public async IAsyncEnumerable<object?[]> ReadAllAsync(TableView view, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var connection = await db.OpenDbConnectionAsync(cancellationToken);
        var (where, parameters) = Where(view);
        await foreach (var row in SqlCommands.QueryAsync(connection, $"SELECT * FROM {SqlCommands.Quote(view.Table.Name)}{where}{OrderBy(view)}", parameters, cancellationToken))
            yield return row;
    }

    private (string Sql, List<object?> Parameters) Where(TableView view)
    {
        var parameters = new List<object?>();
        var conditions = new List<string>();
        foreach (var filter in view.Filters)
        {
            var column = SqlCommands.Quote(filter.Column.Name);
            var parameter = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            var comparable = storage.Comparable(filter.Column, column);
            conditions.Add(filter.Operator switch
            {
                FilterOperator.Equals => $"{comparable} = {parameter}",
                FilterOperator.LessThan => $"{comparable} < {parameter}",
                FilterOperator.GreaterThan => $"{comparable} > {parameter}",
                FilterOperator.Contains => storage.ContainsCondition(column, parameter),
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
    /// NULL sorts first ascending and last descending on every provider.
    /// </summary>
    private string OrderBy(TableView view)
    {
        var direction = view.Descending ? " DESC" : "";
        var keys = new List<string>();
        if (view.OrderBy is { } column)
            keys.Add(SqlCommands.Quote(column.Name) + direction + storage.NullsOrder(view.Descending));
        if (view.Table.RowIdentity is { } rowIdentity)
            keys.Add(rowIdentity + direction);
        else
            keys.AddRange(view.Table.Columns.Where(c => c.PrimaryKeyPosition > 0).OrderBy(c => c.PrimaryKeyPosition).Select(c => SqlCommands.Quote(c.Name) + direction));
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
