using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>Version 1: sessions only. Times are Unix milliseconds (UTC); metadata is a JSON object.</summary>
[Migration(1, "Create sessions")]
public sealed class V1CreateSessions : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("sessions")
            .WithColumn("id").AsString(36).PrimaryKey()
            .WithColumn("token_hash").AsBinary(32).NotNullable()
            .WithColumn("player_name").AsString(32).Nullable()
            .WithColumn("game").AsString(64).NotNullable()
            .WithColumn("status").AsString(16).NotNullable()
            .WithColumn("score").AsInt64().Nullable()
            .WithColumn("started_at").AsInt64().NotNullable()
            .WithColumn("last_seen_at").AsInt64().NotNullable()
            .WithColumn("ended_at").AsInt64().Nullable()
            .WithColumn("metadata").AsString(int.MaxValue).Nullable();

        // Listing is newest first, optionally filtered by one of these.
        Create.Index("ix_sessions_started_at").OnTable("sessions").OnColumn("started_at").Descending();
        Create.Index("ix_sessions_game_started_at").OnTable("sessions")
            .OnColumn("game").Ascending().OnColumn("started_at").Descending();
        Create.Index("ix_sessions_player_name_started_at").OnTable("sessions")
            .OnColumn("player_name").Ascending().OnColumn("started_at").Descending();
        // The abandoned-session sweep looks for active sessions by their last heartbeat.
        Create.Index("ix_sessions_status_last_seen_at").OnTable("sessions")
            .OnColumn("status").Ascending().OnColumn("last_seen_at").Ascending();
    }
}
