using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>An admin change the audit log records.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditAction>))]
public enum AuditAction
{
    [JsonStringEnumMemberName("setRules")] SetRules,
    [JsonStringEnumMemberName("hideEntry")] HideEntry,
    [JsonStringEnumMemberName("unhideEntry")] UnhideEntry,
    [JsonStringEnumMemberName("releaseEntry")] ReleaseEntry,
    [JsonStringEnumMemberName("banPlayer")] BanPlayer,
    [JsonStringEnumMemberName("liftBan")] LiftBan,
    [JsonStringEnumMemberName("erasePlayer")] ErasePlayer,
}
