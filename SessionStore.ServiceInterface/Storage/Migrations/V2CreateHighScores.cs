using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>
/// Version 2: high scores, the first data type added after sessions. One entry per completed session
/// with a player name and a score; existing completed sessions are entered as the table is created.
/// </summary>
[Migration(2, "Create high scores")]
public sealed class V2CreateHighScores : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("high_scores")
            .WithColumn("session_id").AsString(36).PrimaryKey().ForeignKey("fk_high_scores_sessions", "sessions", "id")
            .WithColumn("game").AsString(64).NotNullable()
            .WithColumn("player_name").AsString(32).NotNullable()
            .WithColumn("score").AsInt64().NotNullable()
            .WithColumn("achieved_at").AsInt64().NotNullable();

        // The ranking order: one index range scan answers a game's top N.
        Create.Index("ix_high_scores_ranking").OnTable("high_scores")
            .OnColumn("game").Ascending()
            .OnColumn("score").Descending()
            .OnColumn("achieved_at").Ascending()
            .OnColumn("session_id").Ascending();

        Execute.Sql("""
            INSERT INTO high_scores (session_id, game, player_name, score, achieved_at)
            SELECT id, game, player_name, score, ended_at FROM sessions
            WHERE status = 'completed' AND player_name IS NOT NULL AND score IS NOT NULL AND ended_at IS NOT NULL
            """);
    }
}
