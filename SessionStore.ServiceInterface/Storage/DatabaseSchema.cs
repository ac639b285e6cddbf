using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// How a column's values compare and which filter values make sense for it: SQLite's type affinity
/// (sqlite.org/datatype3.html, 3.1), and the same classes for PostgreSQL's types.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "SQLite's own names for its affinities.")]
public enum ColumnAffinity
{
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

public sealed record ColumnSchema(string Name, string DeclaredType, int PrimaryKeyPosition, bool NotNull, string? DefaultValue, ColumnAffinity Affinity)
{
    /// <summary>SQLite's rules for the affinity of a declared type, in their order.</summary>
    public static ColumnAffinity SqliteAffinityOf(string declaredType) => declaredType.ToUpperInvariant() switch
    {
        var type when type.Contains("INT", StringComparison.Ordinal) => ColumnAffinity.Integer,
        var type when type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal) => ColumnAffinity.Text,
        var type when type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal) => ColumnAffinity.Blob,
        var type when type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) => ColumnAffinity.Real,
        _ => ColumnAffinity.Numeric,
    };
}

public sealed record IndexSchema(string Name, IReadOnlyList<string> Columns, bool Unique);

/// <summary>
/// A table as the database describes itself. The only source of names that go into browsing SQL.
/// <see cref="RowIdentity"/> is the hidden column that orders rows with no other key (SQLite's <c>rowid</c>,
/// PostgreSQL's <c>ctid</c> for a table without a primary key), or null when the primary key does.
/// </summary>
public sealed record TableSchema(string Name, IReadOnlyList<ColumnSchema> Columns, IReadOnlyList<IndexSchema> Indexes, string? RowIdentity)
{
    public ColumnSchema? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>Reads the tables, columns and indexes of the database from its own catalog: SQLite's pragmas, or PostgreSQL's pg_catalog.</summary>
public static class DatabaseSchema
{
    public static async Task<IReadOnlyList<TableSchema>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = connection is NpgsqlConnection
            ? await ReadPostgreSqlAsync(connection, cancellationToken)
            : await ReadSqliteAsync(connection, cancellationToken);
        return [.. tables.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    private static async Task<List<TableSchema>> ReadSqliteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, bool HasRowId)>();
        await foreach (var row in Sql.QueryAsync(connection,
            "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            [], cancellationToken))
            tables.Add(((string)row[0]!, (long)row[1]! == 0));

        var schemas = new List<TableSchema>(tables.Count);
        foreach (var (name, hasRowId) in tables)
        {
            var columns = new List<ColumnSchema>();
            await foreach (var row in Sql.QueryAsync(connection,
                "SELECT name, type, pk, \"notnull\", dflt_value FROM pragma_table_info(@p0) ORDER BY cid", [name], cancellationToken))
                columns.Add(new ColumnSchema((string)row[0]!, (string)row[1]!, (int)(long)row[2]!, (long)row[3]! != 0, (string?)row[4],
                    ColumnSchema.SqliteAffinityOf((string)row[1]!)));

            var indexes = new List<IndexSchema>();
            await foreach (var row in Sql.QueryAsync(connection,
                "SELECT name, \"unique\" FROM pragma_index_list(@p0) ORDER BY name", [name], cancellationToken))
            {
                var indexName = (string)row[0]!;
                var indexColumns = new List<string>();
                await foreach (var column in Sql.QueryAsync(connection,
                    "SELECT name FROM pragma_index_info(@p0) ORDER BY seqno", [indexName], cancellationToken))
                    indexColumns.Add((string?)column[0] ?? Expression);
                indexes.Add(new IndexSchema(indexName, indexColumns, (long)row[1]! != 0));
            }
            schemas.Add(new TableSchema(name, columns, indexes, hasRowId ? "rowid" : null));
        }
        return schemas;
    }

    private const string Expression = "(expression)";

    /// <summary>The ordinary tables of the connection's current schema (normally <c>public</c>).</summary>
    private static async Task<List<TableSchema>> ReadPostgreSqlAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(long Oid, string Name)>();
        await foreach (var row in Sql.QueryAsync(connection, """
            SELECT CAST(c.oid AS bigint), c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
            """, [], cancellationToken))
            tables.Add(((long)row[0]!, (string)row[1]!));

        var schemas = new List<TableSchema>(tables.Count);
        foreach (var (oid, name) in tables)
        {
            var columns = new List<ColumnSchema>();
            await foreach (var row in Sql.QueryAsync(connection, """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod),
                       COALESCE(array_position(pk.conkey, a.attnum), 0), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
                       CASE WHEN a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) THEN 'Integer'
                            WHEN a.atttypid IN ('float4'::regtype, 'float8'::regtype) THEN 'Real'
                            WHEN a.atttypid = 'bytea'::regtype THEN 'Blob'
                            WHEN t.typcategory = 'S' THEN 'Text'
                            ELSE 'Numeric' END
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
                WHERE a.attrelid = CAST(@p0 AS oid) AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """, [oid], cancellationToken))
                columns.Add(new ColumnSchema((string)row[0]!, (string)row[1]!, (int)(long)row[2]!, (bool)row[3]!, (string?)row[4],
                    Enum.Parse<ColumnAffinity>((string)row[5]!)));

            var indexes = new List<IndexSchema>();
            await foreach (var row in Sql.QueryAsync(connection, """
                SELECT i.relname, ix.indisunique,
                       ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                             LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                             ORDER BY k.position)
                FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
                WHERE ix.indrelid = CAST(@p0 AS oid)
                ORDER BY i.relname
                """, [oid], cancellationToken))
                indexes.Add(new IndexSchema((string)row[0]!, [.. ((string?[])row[2]!).Select(column => column ?? Expression)], (bool)row[1]!));

            var hasPrimaryKey = columns.Any(c => c.PrimaryKeyPosition > 0);
            schemas.Add(new TableSchema(name, columns, indexes, hasPrimaryKey ? null : "ctid"));
        }
        return schemas;
    }
}
