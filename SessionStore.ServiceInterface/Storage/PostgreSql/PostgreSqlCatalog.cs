using System.Data.Common;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Storage.PostgreSql;

/// <summary>The ordinary tables of the connection's current schema (normally <c>public</c>), from pg_catalog.</summary>
internal static class PostgreSqlCatalog
{
    public static async Task<IReadOnlyList<TableSchema>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(long Oid, string Name)>();
        await foreach (var row in SqlCommands.QueryAsync(connection, """
            SELECT CAST(c.oid AS bigint), c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
            """, [], cancellationToken))
            tables.Add(((long)row[0]!, (string)row[1]!));

        var schemas = new List<TableSchema>(tables.Count);
        foreach (var (oid, name) in tables)
        {
            var columns = new List<ColumnSchema>();
            await foreach (var row in SqlCommands.QueryAsync(connection, """
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
            await foreach (var row in SqlCommands.QueryAsync(connection, """
                SELECT i.relname, ix.indisunique,
                       ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                             LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                             ORDER BY k.position)
                FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
                WHERE ix.indrelid = CAST(@p0 AS oid)
                ORDER BY i.relname
                """, [oid], cancellationToken))
                indexes.Add(new IndexSchema((string)row[0]!, [.. ((string?[])row[2]!).Select(column => column ?? IndexSchema.Expression)], (bool)row[1]!));

            var hasPrimaryKey = columns.Any(c => c.PrimaryKeyPosition > 0);
            schemas.Add(new TableSchema(name, columns, indexes, hasPrimaryKey ? null : "ctid"));
        }
        return [.. schemas.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }
}
