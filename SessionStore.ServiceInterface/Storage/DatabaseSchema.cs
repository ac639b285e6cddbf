using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>SQLite's type affinity of a column, which decides how values compare (sqlite.org/datatype3.html, 3.1).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "SQLite's own names for its affinities.")]
public enum ColumnAffinity
{
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

public sealed record ColumnSchema(string Name, string DeclaredType, int PrimaryKeyPosition, bool NotNull, string? DefaultValue)
{
    public ColumnAffinity Affinity { get; } = AffinityOf(DeclaredType.ToUpperInvariant());

    private static ColumnAffinity AffinityOf(string type) => type switch
    {
        _ when type.Contains("INT", StringComparison.Ordinal) => ColumnAffinity.Integer,
        _ when type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal) => ColumnAffinity.Text,
        _ when type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal) => ColumnAffinity.Blob,
        _ when type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) => ColumnAffinity.Real,
        _ => ColumnAffinity.Numeric,
    };
}

public sealed record IndexSchema(string Name, IReadOnlyList<string> Columns, bool Unique);

/// <summary>A table as the database describes itself. The only source of names that go into browsing SQL.</summary>
public sealed record TableSchema(string Name, IReadOnlyList<ColumnSchema> Columns, IReadOnlyList<IndexSchema> Indexes, bool HasRowId)
{
    public ColumnSchema? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>Reads the tables, columns and indexes of the database from SQLite's own catalog.</summary>
public static class DatabaseSchema
{
    public static async Task<IReadOnlyList<TableSchema>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, bool HasRowId)>();
        await foreach (var row in Sql.QueryAsync(connection,
            "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            [], cancellationToken))
            tables.Add(((string)row[0]!, (long)row[1]! == 0));

        var schemas = new List<TableSchema>(tables.Count);
        foreach (var (name, hasRowId) in tables)
        {
            var columns = new List<ColumnSchema>();
            await foreach (var row in Sql.QueryAsync(connection,
                "SELECT name, type, pk, \"notnull\", dflt_value FROM pragma_table_info(@p0) ORDER BY cid", [name], cancellationToken))
                columns.Add(new ColumnSchema((string)row[0]!, (string)row[1]!, (int)(long)row[2]!, (long)row[3]! != 0, (string?)row[4]));

            var indexes = new List<IndexSchema>();
            await foreach (var row in Sql.QueryAsync(connection,
                "SELECT name, \"unique\" FROM pragma_index_list(@p0) ORDER BY name", [name], cancellationToken))
            {
                var indexName = (string)row[0]!;
                var indexColumns = new List<string>();
                await foreach (var column in Sql.QueryAsync(connection,
                    "SELECT name FROM pragma_index_info(@p0) ORDER BY seqno", [indexName], cancellationToken))
                    indexColumns.Add((string?)column[0] ?? "(expression)");
                indexes.Add(new IndexSchema(indexName, indexColumns, (long)row[1]! != 0));
            }
            schemas.Add(new TableSchema(name, columns, indexes, hasRowId));
        }
        return schemas;
    }
}
