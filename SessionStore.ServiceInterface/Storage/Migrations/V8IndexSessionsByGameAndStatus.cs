using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>
/// Version 8: listing a game's sessions of one status, newest first, reads its page and counts its total from an index of its
/// own. Without it both walk the game's entries for the status's, and a status a popular game rarely has (its abandoned
/// sessions) made every such page, and its count, read all of that game's sessions.
/// </summary>
[Migration(8, "Index sessions by game and status, newest first")]
public sealed class V8IndexSessionsByGameAndStatus : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Index("ix_sessions_game_status_started_at").OnTable("sessions")
            .OnColumn("game").Ascending().OnColumn("status").Ascending().OnColumn("started_at").Descending();

        // The statistics V4IndexSessionsByStatusNewestFirst describes the table's shape with, for this index too: a game has
        // 10,000 sessions, a third of them of one status.
        IfDatabase("sqlite").Execute.Sql("""
            DELETE FROM sqlite_stat1 WHERE tbl = 'sessions' AND idx = 'ix_sessions_game_status_started_at';
            INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('sessions', 'ix_sessions_game_status_started_at', '1000000 10000 3333 1');
            ANALYZE sqlite_schema;
            """);
    }
}
