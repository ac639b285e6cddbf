namespace SessionStore.ServiceInterface.Storage.GameStats;

/// <summary>
/// What a session write costs the per-game tables: an upsert per changed row, written out and prepared once per
/// connection (<see cref="PreparedCommands"/>) rather than built from LINQ per write. The same SQL runs on SQLite and PostgreSQL.
/// </summary>
public static class GameDayStatements
{
    private const string AddToDay = """
        INSERT INTO game_days (game, day, started, completed, abandoned, completed_duration_ms) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)
        ON CONFLICT (game, day) DO UPDATE SET started = game_days.started + excluded.started, completed = game_days.completed + excluded.completed,
            abandoned = game_days.abandoned + excluded.abandoned, completed_duration_ms = game_days.completed_duration_ms + excluded.completed_duration_ms
        """;

    private const string AddToDuration = """
        INSERT INTO game_day_durations (game, day, bucket, completed) VALUES (@p0, @p1, @p2, @p3)
        ON CONFLICT (game, day, bucket) DO UPDATE SET completed = game_day_durations.completed + excluded.completed
        """;

    private const string AddToDropOff = """
        INSERT INTO game_day_dropoffs (game, day, axis, value, abandoned) VALUES (@p0, @p1, @p2, @p3, @p4)
        ON CONFLICT (game, day, axis, value) DO UPDATE SET abandoned = game_day_dropoffs.abandoned + excluded.abandoned
        """;

    public static void AddDay(SessionStoreDb db, string game, long day, long started, long completed, long abandoned, long completedDurationMs) =>
        PreparedCommands.Ready(db, AddToDay, game, day, started, completed, abandoned, completedDurationMs).ExecuteNonQuery();

    public static void AddDuration(SessionStoreDb db, string game, long day, int bucket, long completed) =>
        PreparedCommands.Ready(db, AddToDuration, game, day, bucket, completed).ExecuteNonQuery();

    public static void AddDropOff(SessionStoreDb db, string game, long day, int axis, long value, long abandoned) =>
        PreparedCommands.Ready(db, AddToDropOff, game, day, axis, value, abandoned).ExecuteNonQuery();
}
