using System.Net;
using LinqToDB;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// Writes every admin change to <c>audit_log</c>, in the transaction of the change: when, what, to what, why, and a salted
/// hash of the admin's address (the salt is the database's, so every instance hashes an address alike). On the writer.
/// </summary>
public sealed class AuditLog
{
    private byte[]? salt;

    public void Record(SessionStoreDb db, long now, AuditAction action, string? game, string target, string? reason, IPAddress? admin) =>
        db.Insert(new AuditRecord
        {
            At = now,
            Action = StoredText.Of(action),
            Game = game,
            Target = target,
            Reason = reason?.Trim(),
            Admin = Hash(db, ClientAddress.TextOf(admin)),
        });

    /// <summary>Text that must not be stored as it is (an erased player), as the audit log's salted hash.</summary>
    public string Hash(SessionStoreDb db, string text) => SaltedHash.Of(salt ??= db.AuditSalt.Single().Salt, text);
}
