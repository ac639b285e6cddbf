using LinqToDB;
using LinqToDB.Data;

namespace SessionStore.ServiceInterface.Storage.Sessions;

/// <summary>
/// The change a heartbeat, a completion or an abandonment makes to an active session, written out rather than built
/// from LINQ: linq2db builds a statement with optional values (a score or metadata the request may leave out) again
/// for every call, which cost the single writer more than SQLite takes to run it (docs/benchmarks.md). The same SQL
/// runs on SQLite (3.35 or later, for RETURNING) and PostgreSQL; the row comes back as the caller's mapped type.
/// </summary>
public static class SessionStatements
{
    private const string ChangeActiveSql = """
        UPDATE sessions
        SET score = COALESCE(@score, score), metadata = COALESCE(@metadata, metadata), status = @status,
            last_seen_at = @lastSeenAt, ended_at = COALESCE(@endedAt, ended_at)
        WHERE id = @id AND token_hash = @tokenHash AND status = @active
        RETURNING id, token_hash, player_name, player_id, game, status, score, started_at, last_seen_at, ended_at, metadata
        """;

    /// <summary>
    /// Changes the session <paramref name="id"/> if its token's hash is <paramref name="tokenHash"/> and its status is
    /// <paramref name="active"/>, in one statement that reads, checks and writes the row (on PostgreSQL it waits for another
    /// writer holding the row, then sees its change). A null score, metadata or end keeps the stored one. Returns the
    /// changed row, or null when no row matched.
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
