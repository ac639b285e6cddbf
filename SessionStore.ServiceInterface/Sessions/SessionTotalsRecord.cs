using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The one row of <c>session_totals</c>: how many sessions there are in each status, kept in step with every session write.</summary>
[Table(TableName)]
public sealed class SessionTotalsRecord
{
    public const string TableName = "session_totals";
    public const int OnlyRowId = 1;

    [PrimaryKey, Column("id")] public int Id { get; set; }
    [Column("total")] public long Total { get; set; }
    [Column("active")] public long Active { get; set; }
    [Column("completed")] public long Completed { get; set; }
    [Column("abandoned")] public long Abandoned { get; set; }
    [Column("completed_duration_ms")] public long CompletedDurationMs { get; set; }
}
