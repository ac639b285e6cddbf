using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>Where a backup is kept: in the data directory's backups folder, in the off-host store (S3), or in both.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BackupLocation>))]
public enum BackupLocation
{
    [JsonStringEnumMemberName("local")] Local,
    [JsonStringEnumMemberName("remote")] Remote,
    [JsonStringEnumMemberName("both")] Both,
}
