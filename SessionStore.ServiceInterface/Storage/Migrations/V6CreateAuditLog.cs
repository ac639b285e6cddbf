using System.Security.Cryptography;
using FluentMigrator;

namespace SessionStore.ServiceInterface.Storage.Migrations;

/// <summary>
/// Version 6: the audit log of admin changes to games and boards, and the salt its address hashes use. The salt is made
/// here, once per database, so every instance on a shared database hashes an address the same way.
/// </summary>
[Migration(6, "Create the audit log")]
public sealed class V6CreateAuditLog : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("audit_log")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("action").AsString(16).NotNullable()
            .WithColumn("game").AsString(64).Nullable()
            .WithColumn("target").AsString(120).NotNullable()
            .WithColumn("reason").AsString(200).Nullable()
            .WithColumn("admin").AsString(16).NotNullable();
        Create.Index("ix_audit_log_game").OnTable("audit_log").OnColumn("game").Ascending().OnColumn("id").Descending();

        Create.Table("audit_salt")
            .WithColumn("id").AsInt32().PrimaryKey()
            .WithColumn("salt").AsBinary(32).NotNullable();
        Insert.IntoTable("audit_salt").Row(new { id = 1, salt = RandomNumberGenerator.GetBytes(32) });
    }
}
