using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>
/// Version 5: games with leaderboard rules, players, and boards per period. A session may carry the player's own id.
/// Every completed session with a player name and a score becomes an entry; each board keeps one row per slot (a player,
/// or a session) and period bucket, ranked by one index, so a top ten and a rank are index reads at any size.
/// The high scores of version 2 become the entries of games that keep ranking every session, as they did; high_scores goes.
/// </summary>
[Migration(5, "Create games and leaderboards")]
public sealed class V5CreateLeaderboards : ForwardOnlyMigration
{
    private const long Day = 86_400_000;
    private const long Week = 7 * Day;
    /// <summary>1970-01-05, the first Monday after the Unix epoch: ISO weeks start there.</summary>
    private const long FirstMonday = 4 * Day;

    public override void Up()
    {
        Alter.Table("sessions").AddColumn("player_id").AsString(64).Nullable();
        // Only sessions with an id are indexed: erasing a player's data finds them, the others cost nothing.
        Execute.Sql("CREATE INDEX ix_sessions_player_id ON sessions (player_id) WHERE player_id IS NOT NULL");
        IfDatabase("sqlite").Execute.Sql("""
            INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('sessions', 'ix_sessions_player_id', '1000000 20');
            ANALYZE sqlite_schema;
            """);

        Create.Table("games")
            .WithColumn("game").AsString(64).PrimaryKey()
            .WithColumn("score_order").AsString(16).NotNullable()
            .WithColumn("entries").AsString(16).NotNullable()
            .WithColumn("max_score").AsInt64().Nullable()
            .WithColumn("min_duration_seconds").AsInt32().Nullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            // Counts every change to the game's boards, so a board's live subscribers learn of it from any instance.
            .WithColumn("version").AsInt64().NotNullable();

        Create.Table("leaderboard_entries")
            .WithColumn("session_id").AsString(36).PrimaryKey().ForeignKey("fk_leaderboard_entries_sessions", "sessions", "id")
            .WithColumn("game").AsString(64).NotNullable()
            .WithColumn("player_key").AsString(72).NotNullable()
            .WithColumn("player_id").AsString(64).Nullable()
            .WithColumn("player_name").AsString(32).NotNullable()
            .WithColumn("score").AsInt64().NotNullable()
            .WithColumn("achieved_at").AsInt64().NotNullable()
            .WithColumn("duration_ms").AsInt64().NotNullable()
            .WithColumn("day").AsInt64().NotNullable()
            .WithColumn("week").AsInt64().NotNullable()
            .WithColumn("month").AsInt64().NotNullable()
            .WithColumn("state").AsString(8).NotNullable()
            .WithColumn("reason").AsString(24).Nullable();
        // A player's entries (their best per period, a ban), and a name's (a ban, a rank by name).
        Create.Index("ix_leaderboard_entries_player").OnTable("leaderboard_entries")
            .OnColumn("game").Ascending().OnColumn("player_key").Ascending();
        Create.Index("ix_leaderboard_entries_name").OnTable("leaderboard_entries")
            .OnColumn("game").Ascending().OnColumn("player_name").Ascending();
        // Held and hidden entries, newest first, for moderation; listed ones, nearly all, are not indexed here.
        Execute.Sql("CREATE INDEX ix_leaderboard_entries_moderated ON leaderboard_entries (game, state, achieved_at DESC) WHERE state <> 'listed'");

        Create.Table("leaderboard_rows")
            .WithColumn("game").AsString(64).PrimaryKey("pk_leaderboard_rows")
            .WithColumn("period").AsInt32().PrimaryKey("pk_leaderboard_rows")
            .WithColumn("bucket").AsInt64().PrimaryKey("pk_leaderboard_rows")
            .WithColumn("slot").AsString(72).PrimaryKey("pk_leaderboard_rows")
            .WithColumn("sort_key").AsInt64().NotNullable()
            .WithColumn("achieved_at").AsInt64().NotNullable()
            .WithColumn("session_id").AsString(36).NotNullable();
        Create.Index("ix_leaderboard_rows_ranking").OnTable("leaderboard_rows")
            .OnColumn("game").Ascending().OnColumn("period").Ascending().OnColumn("bucket").Ascending()
            .OnColumn("sort_key").Ascending().OnColumn("achieved_at").Ascending().OnColumn("session_id").Ascending();

        // How many rows each board has, kept by triggers on every insert and delete of a row (an upsert that keeps the
        // row it found counts nothing), so a rank's "of N" is one row, not a count of the board.
        Create.Table("leaderboard_sizes")
            .WithColumn("game").AsString(64).PrimaryKey("pk_leaderboard_sizes")
            .WithColumn("period").AsInt32().PrimaryKey("pk_leaderboard_sizes")
            .WithColumn("bucket").AsInt64().PrimaryKey("pk_leaderboard_sizes")
            .WithColumn("entries").AsInt64().NotNullable();
        IfDatabase("sqlite").Execute.Sql("""
            CREATE TRIGGER tr_leaderboard_rows_inserted AFTER INSERT ON leaderboard_rows BEGIN
                INSERT INTO leaderboard_sizes (game, period, bucket, entries) VALUES (NEW.game, NEW.period, NEW.bucket, 1)
                ON CONFLICT (game, period, bucket) DO UPDATE SET entries = entries + 1;
            END;
            CREATE TRIGGER tr_leaderboard_rows_deleted AFTER DELETE ON leaderboard_rows BEGIN
                UPDATE leaderboard_sizes SET entries = entries - 1 WHERE game = OLD.game AND period = OLD.period AND bucket = OLD.bucket;
            END;
            """);
        IfDatabase("postgres", "postgresql").Execute.Sql("""
            CREATE FUNCTION leaderboard_rows_counted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO leaderboard_sizes (game, period, bucket, entries) VALUES (NEW.game, NEW.period, NEW.bucket, 1)
                    ON CONFLICT (game, period, bucket) DO UPDATE SET entries = leaderboard_sizes.entries + 1;
                    RETURN NEW;
                END IF;
                UPDATE leaderboard_sizes SET entries = entries - 1 WHERE game = OLD.game AND period = OLD.period AND bucket = OLD.bucket;
                RETURN OLD;
            END $$;
            CREATE TRIGGER tr_leaderboard_rows_counted AFTER INSERT OR DELETE ON leaderboard_rows FOR EACH ROW EXECUTE FUNCTION leaderboard_rows_counted();
            """);

        Create.Table("leaderboard_decisions")
            .WithColumn("session_id").AsString(36).PrimaryKey()
            .WithColumn("game").AsString(64).NotNullable()
            .WithColumn("decision").AsString(8).NotNullable()
            .WithColumn("reason").AsString(200).Nullable()
            .WithColumn("decided_at").AsInt64().NotNullable();

        Create.Table("leaderboard_bans")
            .WithColumn("game").AsString(64).PrimaryKey("pk_leaderboard_bans")
            .WithColumn("player_key").AsString(72).PrimaryKey("pk_leaderboard_bans")
            .WithColumn("player_id").AsString(64).Nullable()
            .WithColumn("player_name").AsString(32).Nullable()
            .WithColumn("reason").AsString(200).NotNullable()
            .WithColumn("banned_at").AsInt64().NotNullable();

        // The games played so far keep ranking every completed session, as their high scores did.
        Execute.Sql("""
            INSERT INTO games (game, score_order, entries, max_score, min_duration_seconds, created_at, version)
            SELECT game, 'higherIsBetter', 'everySession', NULL, NULL, MIN(started_at), 0 FROM sessions GROUP BY game
            """);
        IfDatabase("sqlite").Execute.Sql(BackfillEntries("CAST(strftime('%s', h.achieved_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000"));
        IfDatabase("postgres", "postgresql").Execute.Sql(BackfillEntries(
            "CAST(EXTRACT(EPOCH FROM date_trunc('month', to_timestamp(h.achieved_at / 1000.0) AT TIME ZONE 'UTC')) AS BIGINT) * 1000"));
        foreach (var (period, bucket) in new[] { (0, "0"), (1, "day"), (2, "week"), (3, "month") })
            Execute.Sql($"""
                INSERT INTO leaderboard_rows (game, period, bucket, slot, sort_key, achieved_at, session_id)
                SELECT game, {period}, {bucket}, session_id, -score, achieved_at, session_id FROM leaderboard_entries
                """);
        Delete.Table("high_scores");
    }

    private static string BackfillEntries(string monthOfAchievedAt) => $"""
        INSERT INTO leaderboard_entries (session_id, game, player_key, player_id, player_name, score, achieved_at, duration_ms, day, week, month, state, reason)
        SELECT h.session_id, h.game, 'name:' || h.player_name, NULL, h.player_name, h.score, h.achieved_at, h.achieved_at - s.started_at,
               h.achieved_at / {Day} * {Day}, (h.achieved_at - {FirstMonday}) / {Week} * {Week} + {FirstMonday}, {monthOfAchievedAt},
               'listed', NULL
        FROM high_scores h JOIN sessions s ON s.id = h.session_id
        """;
}
