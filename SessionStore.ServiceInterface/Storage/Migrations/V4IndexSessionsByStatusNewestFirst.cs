using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>
/// Version 4: listing sessions by status, newest first, reads 50 index entries instead of sorting every session of
/// that status (docs/benchmarks.md has the figures). The index replaces (status, last_seen_at): the abandoned-session sweep now
/// reads the active sessions' entries, a few per player online, and checks their last heartbeat.
/// </summary>
[Migration(4, "Index sessions by status, newest first")]
public sealed class V4IndexSessionsByStatusNewestFirst : ForwardOnlyMigration
{
    public override void Up()
    {
        Delete.Index("ix_sessions_status_last_seen_at").OnTable("sessions");
        Create.Index("ix_sessions_status_started_at").OnTable("sessions")
            .OnColumn("status").Ascending().OnColumn("started_at").Descending();

        // SQLite plans without statistics treat every index's first column as equally selective, so a player's
        // completed sessions would be looked for among all completed ones. ANALYZE over a million rows would hold
        // startup for seconds; instead the statistics describe the table's shape (a status covers a third of the
        // sessions, a player a handful), as sqlite.org/optoverview.html#manctrl describes. ANALYZE replaces them
        // with measured ones; PostgreSQL gathers its own.
        IfDatabase("sqlite").Execute.Sql("""
            ANALYZE sqlite_schema;
            DELETE FROM sqlite_stat1 WHERE tbl = 'sessions';
            INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
                ('sessions', 'ix_sessions_status_started_at', '1000000 333333 1'),
                ('sessions', 'ix_sessions_game_started_at', '1000000 10000 1'),
                ('sessions', 'ix_sessions_player_name_started_at', '1000000 20 1'),
                ('sessions', 'ix_sessions_started_at', '1000000 1');
            ANALYZE sqlite_schema;
            """);
    }
}
