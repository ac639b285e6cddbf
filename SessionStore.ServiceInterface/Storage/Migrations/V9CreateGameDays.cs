using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>
/// Version 9: each game's sessions per UTC day of their start (counts, completed durations in fixed buckets, and where
/// the abandoned ones quit), kept with every session write so per-game statistics never read sessions. Filled from the
/// existing sessions once, here.
/// </summary>
[Migration(9, "Create per-game daily statistics")]
public sealed class V9CreateGameDays : ForwardOnlyMigration
{
    private const long Day = 86_400_000;
    private const string Duration = "(COALESCE(ended_at, last_seen_at) - started_at)";
    // The caps of the drop-off axes as this migration knew them (GameDayDropOffRecord.MaxLevel and MaxMinute).
    private const long MaxLevel = 1_000;
    private const long MaxMinute = 240;
    private static readonly string Minute = $"(CASE WHEN {Duration} / 60000 > {MaxMinute} THEN {MaxMinute} ELSE {Duration} / 60000 END)";
    /// <summary>The bucket edges in seconds as this version counts them (<c>DurationBuckets</c>).</summary>
    private static readonly int[] BucketEdgesSeconds = [5, 10, 15, 20, 30, 40, 50, 60, 90, 120, 180, 300, 600, 1800, 3600];

    public override void Up()
    {
        Create.Table("game_days")
            .WithColumn("game").AsString(64).PrimaryKey("pk_game_days")
            .WithColumn("day").AsInt64().PrimaryKey("pk_game_days")
            .WithColumn("started").AsInt64().NotNullable()
            .WithColumn("completed").AsInt64().NotNullable()
            .WithColumn("abandoned").AsInt64().NotNullable()
            .WithColumn("completed_duration_ms").AsInt64().NotNullable();
        Create.Table("game_day_durations")
            .WithColumn("game").AsString(64).PrimaryKey("pk_game_day_durations")
            .WithColumn("day").AsInt64().PrimaryKey("pk_game_day_durations")
            .WithColumn("bucket").AsInt32().PrimaryKey("pk_game_day_durations")
            .WithColumn("completed").AsInt64().NotNullable();
        // axis 0 is the last integer metadata.level, axis 1 the minute of play.
        Create.Table("game_day_dropoffs")
            .WithColumn("game").AsString(64).PrimaryKey("pk_game_day_dropoffs")
            .WithColumn("day").AsInt64().PrimaryKey("pk_game_day_dropoffs")
            .WithColumn("axis").AsInt32().PrimaryKey("pk_game_day_dropoffs")
            .WithColumn("value").AsInt64().PrimaryKey("pk_game_day_dropoffs")
            .WithColumn("abandoned").AsInt64().NotNullable();

        Execute.Sql($"""
            INSERT INTO game_days (game, day, started, completed, abandoned, completed_duration_ms)
            SELECT game, started_at / {Day}, COUNT(*),
                   SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'abandoned' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'completed' THEN {Duration} ELSE 0 END)
            FROM sessions GROUP BY game, started_at / {Day}
            """);
        var bucket = "CASE " + string.Concat(BucketEdgesSeconds.Select((edge, i) => $"WHEN {Duration} < {edge * 1000L} THEN {i} ")) + $"ELSE {BucketEdgesSeconds.Length} END";
        Execute.Sql($"""
            INSERT INTO game_day_durations (game, day, bucket, completed)
            SELECT game, started_at / {Day}, {bucket}, COUNT(*) FROM sessions WHERE status = 'completed'
            GROUP BY game, started_at / {Day}, {bucket}
            """);
        Execute.Sql($"""
            INSERT INTO game_day_dropoffs (game, day, axis, value, abandoned)
            SELECT game, started_at / {Day}, 1, {Minute}, COUNT(*) FROM sessions WHERE status = 'abandoned'
            GROUP BY game, started_at / {Day}, {Minute}
            """);
        IfDatabase("sqlite").Execute.Sql(DropOffByLevel(
            "CASE WHEN json_valid(metadata) AND json_type(metadata, '$.level') = 'integer' THEN json_extract(metadata, '$.level') END"));
        IfDatabase("postgres", "postgresql").Execute.Sql(DropOffByLevel(
            "CASE WHEN jsonb_typeof(metadata::jsonb -> 'level') = 'number' AND metadata::jsonb ->> 'level' ~ '^-?[0-9]{1,18}$' THEN (metadata::jsonb ->> 'level')::bigint END"));
    }

    private static string DropOffByLevel(string level) => $"""
        INSERT INTO game_day_dropoffs (game, day, axis, value, abandoned)
        SELECT game, day, 0, CASE WHEN level > {MaxLevel} THEN {MaxLevel} ELSE level END, COUNT(*) FROM (
            SELECT game, started_at / {Day} AS day, {level} AS level FROM sessions WHERE status = 'abandoned' AND metadata IS NOT NULL
        ) abandoned_sessions
        WHERE level >= 0 GROUP BY game, day, CASE WHEN level > {MaxLevel} THEN {MaxLevel} ELSE level END
        """;
}
