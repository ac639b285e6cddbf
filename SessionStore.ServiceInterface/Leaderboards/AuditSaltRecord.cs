using LinqToDB.Mapping;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>The one row of <c>audit_salt</c>, made by migration 6.</summary>
[Table(TableName)]
public sealed class AuditSaltRecord
{
    public const string TableName = "audit_salt";

    [PrimaryKey, Column("id")] public int Id { get; set; }
    [Column("salt", CanBeNull = false)] public required byte[] Salt { get; set; }
}
