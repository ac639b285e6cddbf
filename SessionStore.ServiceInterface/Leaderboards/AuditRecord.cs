using LinqToDB.Mapping;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>A row of <c>audit_log</c>: one admin change, written in the transaction that made it.</summary>
[Table(TableName)]
public sealed class AuditRecord
{
    public const string TableName = "audit_log";

    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("at")] public long At { get; set; }
    [Column("action", CanBeNull = false)] public required string Action { get; set; }
    [Column("game")] public string? Game { get; set; }
    [Column("target", CanBeNull = false)] public required string Target { get; set; }
    [Column("reason")] public string? Reason { get; set; }
    /// <summary>A salted hash of the admin's address: 16 hex digits.</summary>
    [Column("admin", CanBeNull = false)] public required string Admin { get; set; }

    public AuditEntry ToEntry() => new(UnixTime.ToDateTime(At), StoredText.Parse<AuditAction>(Action), Game, Target, Reason, Admin);
}
