using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>A row of <c>session_starts_per_minute</c>: how many sessions started in one UTC minute (a Unix minute number).</summary>
[Table(TableName)]
public sealed class SessionStartsRecord
{
    public const string TableName = "session_starts_per_minute";

    [PrimaryKey, Column("minute")] public long Minute { get; set; }
    [Column("started")] public long Started { get; set; }
}
