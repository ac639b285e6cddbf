using System.Data.Common;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Storage.Sqlite;

/// <summary>The tables, columns and indexes of a SQLite database, from its pragmas.</summary>
internal static class SqliteCatalog
{
    public static async Task<IReadOnlyList<TableSchema>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, bool HasRowId)>();
        await foreach (var row in SqlCommands.QueryAsync(connection,
            "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            [], cancellationToken))
            tables.Add(((string)row[0]!, (long)row[1]! == 0));

        var schemas = new List<TableSchema>(tables.Count);
        foreach (var (name, hasRowId) in tables)
        {
            var columns = new List<ColumnSchema>();
            await foreach (var row in SqlCommands.QueryAsync(connection,
                "SELECT name, type, pk, \"notnull\", dflt_value FROM pragma_table_info(@p0) ORDER BY cid", [name], cancellationToken))
                columns.Add(new ColumnSchema((string)row[0]!, (string)row[1]!, (int)(long)row[2]!, (long)row[3]! != 0, (string?)row[4], AffinityOf((string)row[1]!)));

            var indexes = new List<IndexSchema>();
            await foreach (var row in SqlCommands.QueryAsync(connection,
                "SELECT name, \"unique\" FROM pragma_index_list(@p0) ORDER BY name", [name], cancellationToken))
            {
                var indexName = (string)row[0]!;
                var indexColumns = new List<string>();
                await foreach (var column in SqlCommands.QueryAsync(connection,
                    "SELECT name FROM pragma_index_info(@p0) ORDER BY seqno", [indexName], cancellationToken))
                    indexColumns.Add((string?)column[0] ?? IndexSchema.Expression);
                indexes.Add(new IndexSchema(indexName, indexColumns, (long)row[1]! != 0));
            }
            schemas.Add(new TableSchema(name, columns, indexes, hasRowId ? "rowid" : null));
        }
        return [.. schemas.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    /// <summary>SQLite's rules for the affinity of a declared type, in their order (sqlite.org/datatype3.html, 3.1).</summary>
    private static ColumnAffinity AffinityOf(string declaredType) => declaredType.ToUpperInvariant() switch
    {
        var type when type.Contains("INT", StringComparison.Ordinal) => ColumnAffinity.Integer,
        var type when type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal) => ColumnAffinity.Text,
        var type when type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal) => ColumnAffinity.Blob,
        var type when type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) => ColumnAffinity.Real,
        _ => ColumnAffinity.Numeric,
    };
}
