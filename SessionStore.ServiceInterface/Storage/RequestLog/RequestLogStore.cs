using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SessionStore.ServiceInterface.Storage.Recovery;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage.RequestLog;

/// <summary>
/// The request log's own SQLite file, <c>logs.db</c> in the data directory. It shares nothing with
/// sessionstore.db (no connection, no writer, no transaction), so logging can neither slow down nor damage
/// the sessions. Durability is relaxed (synchronous=NORMAL): losing the last second of log on power loss is
/// acceptable, an fsync per batch competing with the session writes is not. A file that is not a usable
/// database is moved aside, never deleted, and a new log is started.
/// </summary>
public sealed class RequestLogStore(DatabaseFiles files, ILogger<RequestLogStore> logger) : IDisposable
{
    public const string FileName = "logs.db";
    private const int SchemaVersion = 1;
    private const string NoRoute = "";
    private const long MillisecondsPerMinute = 60_000;

    private static readonly string Schema = $"""
        CREATE TABLE IF NOT EXISTS requests (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            method TEXT NOT NULL,
            route TEXT,
            status INTEGER NOT NULL,
            duration_ms REAL NOT NULL,
            client TEXT NOT NULL,
            session_id TEXT);
        CREATE INDEX IF NOT EXISTS ix_requests_at ON requests (at);
        CREATE TABLE IF NOT EXISTS request_minutes (
            minute INTEGER NOT NULL,
            route TEXT NOT NULL,
            requests INTEGER NOT NULL,
            client_errors INTEGER NOT NULL,
            server_errors INTEGER NOT NULL,
            PRIMARY KEY (minute, route)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
        PRAGMA user_version = {SchemaVersion};
        """;

    private readonly string writerConnectionString = SqliteFile.ConnectionString(Path.Combine(files.DataDirectory, FileName), SqliteOpenMode.ReadWriteCreate);
    private readonly string readerConnectionString = SqliteFile.ConnectionString(Path.Combine(files.DataDirectory, FileName), SqliteOpenMode.ReadOnly, pooled: true);

    private SqliteConnection? writer;

    public string FilePath { get; } = Path.Combine(files.DataDirectory, FileName);

    /// <summary>
    /// Opens logs.db for writing, creating it if needed, and returns the salt the client hashes use
    /// (random, made once per file). A damaged file is moved aside first.
    /// </summary>
    /// <exception cref="SqliteException">The file cannot be created or written at all.</exception>
    public byte[] Open()
    {
        try
        {
            return OpenWriter();
        }
        catch (SqliteException e) when (SqliteErrors.IsDamage(e))
        {
            Close();
            var movedTo = MoveAside();
            logger.LogWarning("The request log {Path} was damaged ({Reason}); it was moved to {MovedTo} and a new one started.", FilePath, e.Message, movedTo);
            return OpenWriter();
        }
    }

    /// <summary>
    /// Appends a batch, adds it to the per-minute counts and applies the retention, in one transaction:
    /// requests that started before <paramref name="keepFrom"/> go, and only the newest <paramref name="maxRows"/> stay.
    /// </summary>
    public void Write(IReadOnlyList<RequestLogRow> rows, long keepFrom, long maxRows)
    {
        var connection = writer ?? throw new InvalidOperationException("Open the request log first.");
        using var transaction = connection.BeginTransaction();

        using (var insert = SqlCommands.Command<SqliteCommand>(connection,
            "INSERT INTO requests (at, method, route, status, duration_ms, client, session_id) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)", 7))
        {
            foreach (var row in rows)
            {
                SqlCommands.Bind(insert, row.At, row.Method, row.Route, row.Status, row.DurationMs, row.Client, row.SessionId);
                insert.ExecuteNonQuery();
            }
        }

        using (var count = SqlCommands.Command<SqliteCommand>(connection, """
            INSERT INTO request_minutes (minute, route, requests, client_errors, server_errors) VALUES (@p0, @p1, @p2, @p3, @p4)
            ON CONFLICT (minute, route) DO UPDATE SET
                requests = requests + excluded.requests,
                client_errors = client_errors + excluded.client_errors,
                server_errors = server_errors + excluded.server_errors
            """, 5))
        {
            foreach (var minute in CountPerMinute(rows))
            {
                SqlCommands.Bind(count, minute.Minute, minute.Route ?? NoRoute, minute.Requests, minute.ClientErrors, minute.ServerErrors);
                count.ExecuteNonQuery();
            }
        }

        // Ids only grow and only the oldest rows are ever deleted, so the newest maxRows are the ids above max(id) - maxRows.
        using (var retention = SqlCommands.Command<SqliteCommand>(connection, """
            DELETE FROM requests WHERE at < @p0;
            DELETE FROM requests WHERE id <= (SELECT MAX(id) FROM requests) - @p1;
            DELETE FROM request_minutes WHERE minute < @p2;
            """, 3))
        {
            SqlCommands.Bind(retention, keepFrom, maxRows, keepFrom / MillisecondsPerMinute);
            retention.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>A page of logged requests, newest first, and how many pass the filter.</summary>
    public async Task<(long Total, IReadOnlyList<RequestLogRow> Rows)> QueryAsync(RequestLogFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        var (where, parameters) = Where(filter);
        var total = await SqlCommands.ScalarAsync(connection, $"SELECT COUNT(*) FROM requests{where}", parameters, cancellationToken);
        var rows = new List<RequestLogRow>(take);
        var page = $"""
            SELECT at, method, route, status, duration_ms, client, session_id FROM requests{where}
            ORDER BY at DESC, id DESC LIMIT @p{parameters.Count} OFFSET @p{parameters.Count + 1}
            """;
        await foreach (var v in SqlCommands.QueryAsync(connection, page, [.. parameters, take, skip], cancellationToken))
            rows.Add(new RequestLogRow((long)v[0]!, (string)v[1]!, (string?)v[2], (int)(long)v[3]!, (double)v[4]!, (string)v[5]!, (string?)v[6]));
        return (total, rows);
    }

    /// <summary>Counts per minute from <paramref name="fromMinute"/> on (optionally one route's), and per route over the same minutes, busiest first.</summary>
    public async Task<(IReadOnlyList<RequestCounts> Minutes, IReadOnlyList<RequestCounts> Routes)> CountAsync(long fromMinute, string? route, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        const string sums = "SUM(requests), SUM(client_errors), SUM(server_errors)";
        var minutes = new List<RequestCounts>();
        var perMinute = route is null
            ? $"SELECT minute, {sums} FROM request_minutes WHERE minute >= @p0 GROUP BY minute ORDER BY minute"
            : $"SELECT minute, {sums} FROM request_minutes WHERE minute >= @p0 AND route = @p1 GROUP BY minute ORDER BY minute";
        await foreach (var v in SqlCommands.QueryAsync(connection, perMinute, route is null ? [fromMinute] : [fromMinute, route], cancellationToken))
            minutes.Add(new RequestCounts((long)v[0]!, route, (long)v[1]!, (long)v[2]!, (long)v[3]!));
        var routes = new List<RequestCounts>();
        await foreach (var v in SqlCommands.QueryAsync(connection,
            $"SELECT route, {sums} FROM request_minutes WHERE minute >= @p0 GROUP BY route ORDER BY SUM(requests) DESC, route", [fromMinute], cancellationToken))
            routes.Add(new RequestCounts(fromMinute, v[0] is NoRoute ? null : (string)v[0]!, (long)v[1]!, (long)v[2]!, (long)v[3]!));
        return (minutes, routes);
    }

    /// <summary>Closes the writer's connection; the file stays for the next start.</summary>
    public void Close()
    {
        writer?.Dispose();
        writer = null;
    }

    public void Dispose() => Close();

    private byte[] OpenWriter()
    {
        Directory.CreateDirectory(files.DataDirectory);
        writer = new SqliteConnection(writerConnectionString);
        writer.Open();
        SqlCommands.Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        SqlCommands.Execute(writer, Schema);
        using var read = SqlCommands.Command<SqliteCommand>(writer, "SELECT value FROM settings WHERE name = 'client-salt'", 0);
        if (read.ExecuteScalar() is byte[] salt) return salt;
        salt = RandomNumberGenerator.GetBytes(32);
        using var write = SqlCommands.Command<SqliteCommand>(writer, "INSERT INTO settings (name, value) VALUES ('client-salt', @p0)", 1);
        SqlCommands.Bind(write, salt);
        write.ExecuteNonQuery();
        return salt;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(readerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private string MoveAside()
    {
        var folder = Quarantine.CreateFolder(files, DateTimeOffset.UtcNow);
        Quarantine.MoveInto(folder, [FilePath, FilePath + "-wal", FilePath + "-shm"]);
        return folder;
    }

    private static IEnumerable<RequestCounts> CountPerMinute(IReadOnlyList<RequestLogRow> rows) =>
        rows.GroupBy(r => (Minute: r.At / MillisecondsPerMinute, r.Route))
            .Select(g => new RequestCounts(g.Key.Minute, g.Key.Route,
                g.LongCount(),
                g.LongCount(r => r.Status is >= 400 and < 500),
                g.LongCount(r => r.Status >= 500)));

    private static (string Where, List<object?> Parameters) Where(RequestLogFilter filter)
    {
        var conditions = new List<string>();
        var parameters = new List<object?>();
        void Add(string comparison, object value)
        {
            conditions.Add($"{comparison} @p{parameters.Count}");
            parameters.Add(value);
        }
        if (filter.StatusFrom is { } statusFrom) Add("status >=", statusFrom);
        if (filter.StatusTo is { } statusTo) Add("status <", statusTo);
        if (filter.Route is { } route) Add("route =", route);
        if (filter.From is { } from) Add("at >=", from);
        if (filter.To is { } to) Add("at <", to);
        var where = new StringBuilder();
        if (conditions.Count > 0) where.Append(" WHERE ").AppendJoin(" AND ", conditions);
        return (where.ToString(), parameters);
    }
}
