using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>
/// Version 3: counters kept in the same transactions as session writes, so statistics never count
/// the sessions table. Filled from the existing sessions once, here.
/// </summary>
[Migration(3, "Create session counters")]
public sealed class V3CreateSessionCounters : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("session_totals")
            .WithColumn("id").AsInt32().PrimaryKey()
            .WithColumn("total").AsInt64().NotNullable()
            .WithColumn("active").AsInt64().NotNullable()
            .WithColumn("completed").AsInt64().NotNullable()
            .WithColumn("abandoned").AsInt64().NotNullable()
            .WithColumn("completed_duration_ms").AsInt64().NotNullable();

        // Sessions started per UTC minute (Unix minute number), for "started in the last 24 hours".
        Create.Table("session_starts_per_minute")
            .WithColumn("minute").AsInt64().PrimaryKey()
            .WithColumn("started").AsInt64().NotNullable();

        Execute.Sql("""
            INSERT INTO session_totals (id, total, active, completed, abandoned, completed_duration_ms)
            SELECT 1,
                   COUNT(*),
                   COALESCE(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN status = 'abandoned' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN status = 'completed' THEN ended_at - started_at ELSE 0 END), 0)
            FROM sessions
            """);
        Execute.Sql("""
            INSERT INTO session_starts_per_minute (minute, started)
            SELECT started_at / 60000, COUNT(*) FROM sessions GROUP BY started_at / 60000
            """);
    }
}
