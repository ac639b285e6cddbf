using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>
/// Copies every row still readable in a damaged database into another one, table by table, and only ever opens a copy of
/// the damaged file. Rows come from the table's own pages (its b-tree, never an index), in rowid order; when a page cannot be
/// read, the scan looks for the next rowid it can reach and goes on from there, and the rowids it jumped over, plus every
/// rowid an index still lists, are then looked up one by one. Invariants: an index only ever helps find rows, it never
/// decides that a row which reads intact is gone; a row that reads intact and can be served replaces the row with the
/// same key (the damaged file is newer than any backup, so it wins over the backup's older copy); and the target's
/// indexes are rebuilt from the rows as they go in, none is copied from the damaged file.
/// </summary>
internal static class Salvage
{
    /// <summary>Salvages <paramref name="damagedCopy"/> into the open <paramref name="target"/> and returns how many rows it copied.</summary>
    public static long Into(SqliteConnection target, string damagedCopy, SalvageRules rules, ILogger logger)
    {
        try
        {
            using var source = SqliteFile.Open(damagedCopy);
            var sourceTables = SqliteFile.DataTables(source).ToHashSet(StringComparer.Ordinal);
            long total = 0;
            using var transaction = target.BeginTransaction();
            foreach (var table in SqliteFile.DataTables(target).Where(sourceTables.Contains).Where(rules.IsSalvaged))
            {
                try
                {
                    using var salvage = new TableSalvage(source, target, transaction, table, rules);
                    total += salvage.Run();
                    salvage.Report(logger);
                }
                catch (SqliteException e) when (SqliteErrors.IsDamage(e))
                {
                    logger.LogWarning("Table {Table} could not be salvaged: {Reason}", table, e.Message);
                }
            }
            transaction.Commit();
            return total;
        }
        catch (SqliteException e) when (SqliteErrors.IsDamage(e))
        {
            logger.LogWarning("Nothing could be salvaged from the damaged database: {Reason}", e.Message);
            return 0;
        }
    }

    private sealed class TableSalvage : IDisposable
    {
        private readonly SqliteConnection source;
        private readonly string table;
        private readonly SalvageRules rules;
        private readonly List<string> columns;
        private readonly string columnList;
        private readonly SqliteCommand replace;
        private readonly IndexedRowIds indexes;
        private readonly HashSet<long> seen = [];
        private long copied, unservable;
        private readonly List<(long From, long To)> jumpedOver = [];

        public TableSalvage(SqliteConnection source, SqliteConnection target, SqliteTransaction transaction, string table, SalvageRules rules)
        {
            this.source = source;
            this.table = table;
            this.rules = rules;
            var sourceColumns = Columns(source, table).ToHashSet(StringComparer.Ordinal);
            columns = [.. Columns(target, table).Where(sourceColumns.Contains)];
            columnList = string.Join(", ", columns.Select(SqlCommands.Quote));
            var values = string.Join(", ", columns.Select((_, i) => "$p" + i));
            replace = Insert(target, transaction, $"INSERT OR REPLACE INTO {SqlCommands.Quote(table)} ({columnList}) VALUES ({values})");
            indexes = new IndexedRowIds(source, table);
        }

        public long Run()
        {
            if (columns.Count == 0) return 0;
            long? from = long.MinValue;
            while (from is { } start)
            {
                var (lastRead, finished) = ScanFrom(start);
                if (finished || lastRead == long.MaxValue) break;
                var unreadableFrom = lastRead + 1 ?? start;
                from = NextReachableRowId(unreadableFrom);
                jumpedOver.Add((unreadableFrom, from ?? long.MaxValue));
            }
            if (jumpedOver.Count > 0) LookUpSkippedRows();
            return copied;
        }

        public void Report(ILogger logger)
        {
            logger.LogInformation("Salvaged {Count} rows of {Table}.", copied, table);
            if (unservable > 0) logger.LogWarning("{Count} rows of {Table} were readable but held values that cannot be served, and were left out.", unservable, table);
        }

        public void Dispose() => replace.Dispose();

        /// <summary>Reads rows from <paramref name="from"/> on until the end (finished) or the first page that cannot be read.</summary>
        private (long? LastRead, bool Finished) ScanFrom(long from)
        {
            long? lastRead = null;
            try
            {
                using var select = source.CreateCommand();
                select.CommandText = $"SELECT rowid, {columnList} FROM {SqlCommands.Quote(table)} NOT INDEXED WHERE rowid >= $from ORDER BY rowid";
                select.Parameters.AddWithValue("$from", from);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var rowId = reader.GetInt64(0);
                    // A damaged page can send the scan backwards, or land it before where it was sent: treat either like a
                    // page that cannot be read, so every scan ends after the last and the salvage always comes to an end.
                    if (rowId < from || rowId <= lastRead) return (lastRead, false);
                    lastRead = rowId;
                    Keep(rowId, reader);
                }
                return (lastRead, true);
            }
            catch (SqliteException e) when (SqliteErrors.IsDamage(e))
            {
                return (lastRead, false);
            }
        }

        /// <summary>The smallest rowid after <paramref name="unreadableFrom"/> from which the table can be read again, or null when none can.</summary>
        private long? NextReachableRowId(long unreadableFrom)
        {
            var unreachable = unreadableFrom;
            long step = 1;
            long reachable;
            while (true)
            {
                reachable = unreachable > long.MaxValue - step ? long.MaxValue : unreachable + step;
                if (CanReadFrom(reachable)) break;
                if (reachable == long.MaxValue) return null;
                unreachable = reachable;
                step = step > long.MaxValue / 2 ? long.MaxValue : step * 2;
            }
            while (reachable - unreachable > 1)
            {
                var middle = unreachable + (reachable - unreachable) / 2;
                if (CanReadFrom(middle)) reachable = middle;
                else unreachable = middle;
            }
            return reachable;
        }

        private bool CanReadFrom(long rowId)
        {
            try
            {
                using var probe = source.CreateCommand();
                probe.CommandText = $"SELECT rowid FROM {SqlCommands.Quote(table)} NOT INDEXED WHERE rowid >= $from ORDER BY rowid LIMIT 1";
                probe.Parameters.AddWithValue("$from", rowId);
                probe.ExecuteScalar();
                return true;
            }
            catch (SqliteException e) when (SqliteErrors.IsDamage(e))
            {
                return false;
            }
        }

        /// <summary>
        /// The scan's jumps can pass over readable pages between damaged ones. Every rowid an index still lists is
        /// looked up, and so are the rowids of the jumps, from 1 up to the largest rowid known, while there are not too
        /// many to try one by one (rowids are dense here: SQLite gives each new row the largest one plus one, starting
        /// at 1, and no table of ours chooses its own). A damaged page can make any rowid look known, so the number
        /// tried is bounded over all jumps together.
        /// </summary>
        private void LookUpSkippedRows()
        {
            const long MostRowIdsTriedOneByOne = 1_000_000;
            var candidates = indexes.RowIds();
            var largestKnown = candidates.Concat(seen).DefaultIfEmpty(0).Max();
            var budget = MostRowIdsTriedOneByOne;
            foreach (var (jumpFrom, to) in jumpedOver)
            {
                var from = Math.Max(jumpFrom, 1);
                var end = Math.Min(to, largestKnown);
                if (end < from || end - from >= budget) continue;
                for (var rowId = from; rowId <= end; rowId++) candidates.Add(rowId);
                budget -= end - from + 1;
            }
            candidates.ExceptWith(seen);

            using var lookup = source.CreateCommand();
            lookup.CommandText = $"SELECT rowid, {columnList} FROM {SqlCommands.Quote(table)} NOT INDEXED WHERE rowid = $rowId";
            var rowIdParameter = lookup.Parameters.AddWithValue("$rowId", 0L);
            foreach (var rowId in candidates.Order())
            {
                rowIdParameter.Value = rowId;
                try
                {
                    using var reader = lookup.ExecuteReader();
                    if (reader.Read()) Keep(rowId, reader);
                }
                catch (SqliteException e) when (SqliteErrors.IsDamage(e))
                {
                    // that row's page cannot be read either
                }
            }
        }

        private void Keep(long rowId, SqliteDataReader reader)
        {
            seen.Add(rowId);
            var row = new object?[columns.Count];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
            if (!rules.CanServe(table, columns, row))
            {
                unservable++;
                return;
            }
            for (var i = 0; i < row.Length; i++) replace.Parameters[i].Value = row[i] ?? DBNull.Value;
            try
            {
                copied += replace.ExecuteNonQuery() > 0 ? 1 : 0;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteErrors.Constraint)
            {
                unservable++; // a constraint the damaged row breaks (NOT NULL, a type)
            }
        }

        private SqliteCommand Insert(SqliteConnection target, SqliteTransaction transaction, string sql)
        {
            var insert = target.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = sql;
            // No declared types: each value binds as what it was read as, so TEXT stays TEXT and BLOB stays BLOB.
            for (var i = 0; i < columns.Count; i++) insert.Parameters.AddWithValue("$p" + i, DBNull.Value);
            insert.Prepare();
            return insert;
        }
    }

    /// <summary>
    /// The rowids a table's indexes still list. Each index holds the rowid of every row it covers, so a row on a table page
    /// that the scan could not reach from its neighbours may still be found through them; an index that cannot be read
    /// itself simply lists fewer. What an index lists or lacks never decides whether a row comes back.
    /// </summary>
    private sealed class IndexedRowIds(SqliteConnection source, string table)
    {
        /// <summary>Every rowid any index lists, read up to the first page of that index that cannot be read.</summary>
        public HashSet<long> RowIds()
        {
            var rowIds = new HashSet<long>();
            foreach (var index in SqlCommands.Strings(source, $"SELECT name FROM pragma_index_list({SqlCommands.Literal(table)}) WHERE partial = 0"))
            {
                try
                {
                    using var scan = source.CreateCommand();
                    scan.CommandText = $"SELECT rowid FROM {SqlCommands.Quote(table)} INDEXED BY {SqlCommands.Quote(index)}";
                    using var reader = scan.ExecuteReader();
                    while (reader.Read()) rowIds.Add(reader.GetInt64(0));
                }
                catch (SqliteException e) when (SqliteErrors.IsDamage(e))
                {
                    // the rest of this index is lost; the others may still list those rowids
                }
            }
            return rowIds;
        }
    }

    private static List<string> Columns(SqliteConnection connection, string table) =>
        SqlCommands.Strings(connection, $"SELECT name FROM pragma_table_info({SqlCommands.Literal(table)})");
}
