using System.Globalization;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Admin.DatabaseBrowser;

/// <summary>
/// Turns a request's table, sort column and filters into a <see cref="TableView"/>: names are looked up
/// in the schema (an unknown one is the client's mistake, never SQL) and values are typed for the column.
/// </summary>
public static class TableViews
{
    public static async Task<TableViewResolution> ResolveAsync(ITableView request, TableReader reader, CancellationToken cancellationToken)
    {
        var tables = await reader.ReadSchemaAsync(cancellationToken);
        if (tables.FirstOrDefault(t => t.Name == request.Table) is not { } table)
            return new TableViewResolution.Refused(Problems.NotFound($"There is no table '{request.Table}'. The tables are: {string.Join(", ", tables.Select(t => t.Name))}."));

        var errors = new Dictionary<string, string[]>();
        ColumnSchema? orderBy = null;
        if (request.OrderBy is { } orderByName && (orderBy = table.Column(orderByName)) is null)
            errors["orderBy"] = [$"orderBy must be a column of {table.Name}: {ColumnNames(table)}."];

        var filters = new List<RowFilter>();
        var filterErrors = new List<string>();
        foreach (var text in request.Filter ?? [])
        {
            if (TryParseFilter(table, text, out var filter, out var error)) filters.Add(filter);
            else filterErrors.Add(error);
        }
        if (filterErrors.Count > 0) errors["filter"] = [.. filterErrors];

        return errors.Count > 0
            ? new TableViewResolution.Refused(Problems.Invalid(errors))
            : new TableViewResolution.Resolved(new TableView(table, orderBy, request.Desc, filters));
    }

    private static bool TryParseFilter(TableSchema table, string text, out RowFilter filter, out string error)
    {
        filter = null!;
        var parts = text.Split(':', 3);
        if (parts.Length < 2)
        {
            error = $"'{text}' is not a filter: write column:op:value (op eq, contains, lt or gt) or column:null.";
            return false;
        }
        if (table.Column(parts[0]) is not { } column)
        {
            error = $"'{parts[0]}' is not a column of {table.Name}: {ColumnNames(table)}.";
            return false;
        }
        FilterOperator? op = parts[1] switch
        {
            "eq" => FilterOperator.Equals,
            "contains" => FilterOperator.Contains,
            "lt" => FilterOperator.LessThan,
            "gt" => FilterOperator.GreaterThan,
            "null" => FilterOperator.IsNull,
            _ => null,
        };
        if (op is not { } @operator)
        {
            error = $"'{parts[1]}' in '{text}' is not a filter operator: use eq, contains, lt, gt or null.";
            return false;
        }
        if (@operator == FilterOperator.IsNull)
        {
            filter = new RowFilter(column, @operator);
            error = "";
            return true;
        }
        if (parts.Length < 3)
        {
            error = $"'{text}' needs a value: {column.Name}:{parts[1]}:value.";
            return false;
        }
        if (!TryTypeValue(column, @operator, parts[2], out var value))
        {
            error = column.Affinity == ColumnAffinity.Blob
                ? $"{column.Name} holds binary data; only {column.Name}:null applies to it."
                : $"'{parts[2]}' is not a value for {column.Name}, which holds {column.Affinity.ToString().ToLowerInvariant()} values.";
            return false;
        }
        filter = new RowFilter(column, @operator, value);
        error = "";
        return true;
    }

    /// <summary>Compares as SQLite would with the column's affinity, and refuses what could never match.</summary>
    private static bool TryTypeValue(ColumnSchema column, FilterOperator @operator, string text, out object? value)
    {
        value = text;
        if (column.Affinity == ColumnAffinity.Blob) return false;
        if (@operator == FilterOperator.Contains) return true;
        var isInteger = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer);
        var isReal = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real);
        switch (column.Affinity)
        {
            case ColumnAffinity.Integer:
                value = integer;
                return isInteger;
            case ColumnAffinity.Real:
                value = real;
                return isReal;
            case ColumnAffinity.Numeric:
                value = isInteger ? integer : isReal ? real : text;
                return true;
            default:
                return true;
        }
    }

    private static string ColumnNames(TableSchema table) => string.Join(", ", table.Columns.Select(c => c.Name));
}
