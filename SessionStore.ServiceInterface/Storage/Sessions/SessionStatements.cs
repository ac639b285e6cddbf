using LinqToDB;
using LinqToDB.Data;

namespace SessionStore.ServiceInterface.Storage.Sessions;

/// <summary>
/// The session writes the game plays (a start, a heartbeat, a completion, an abandonment), written out rather than built
/// from LINQ: linq2db builds a statement with optional values (a score or metadata the request may leave out) again for
/// every call, and prepares every statement it runs, which cost the single writer more than SQLite takes to run them
/// (docs/benchmarks.md). The same SQL runs on SQLite (3.35 or later, for RETURNING) and PostgreSQL.
/// </summary>
public static class SessionStatements
{
    private const string InsertSql = """
        INSERT INTO sessions (id, token_hash, player_name, player_id, game, status, score, started_at, last_seen_at, ended_at, metadata)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, NULL, @p6, @p6, NULL, @p7)
        """;

    private const string ChangeActiveSql = """
        UPDATE sessions
        SET score = COALESCE(@score, score), metadata = COALESCE(@metadata, metadata), status = @status,
            last_seen_at = @lastSeenAt, ended_at = COALESCE(@endedAt, ended_at)
        WHERE id = @id AND token_hash = @tokenHash AND status = @active
        RETURNING id, token_hash, player_name, player_id, game, status, score, started_at, last_seen_at, ended_at, metadata
        """;

    /// <summary>
    /// Stores a new session with no score or end yet, last seen as it starts; prepared once per writer connection
    /// (<see cref="PreparedCommands"/>).
    /// </summary>
    public static void Insert(
        SessionStoreDb db, string id, byte[] tokenHash, string? playerName, string? playerId, string game, string status, long startedAt, string? metadata) =>
        PreparedCommands.Ready(db, InsertSql, id, tokenHash, playerName, playerId, game, status, startedAt, metadata).ExecuteNonQuery();

    /// <summary>
    /// Changes the session <paramref name="id"/> if its token's hash is <paramref name="tokenHash"/> and its status is
    /// <paramref name="active"/>, in one statement that reads, checks and writes the row (on PostgreSQL it waits for another
    /// writer holding the row, then sees its change). A null score, metadata or end keeps the stored one. Returns the
    /// changed row, as the caller's mapped type, or null when no row matched.
    /// </summary>
    public static TRow? ChangeActive<TRow>(
        SessionStoreDb db, string id, byte[] tokenHash, string active, string status, long? score, string? metadata, long lastSeenAt, long? endedAt)
        where TRow : class =>
        db.Query<TRow>(ChangeActiveSql,
            new DataParameter("score", score, DataType.Int64),
            new DataParameter("metadata", metadata, DataType.NVarChar),
            new DataParameter("status", status, DataType.NVarChar),
            new DataParameter("lastSeenAt", lastSeenAt, DataType.Int64),
            new DataParameter("endedAt", endedAt, DataType.Int64),
            new DataParameter("id", id, DataType.NVarChar),
            new DataParameter("tokenHash", tokenHash, DataType.VarBinary),
            new DataParameter("active", active, DataType.NVarChar))
        .FirstOrDefault();
}
