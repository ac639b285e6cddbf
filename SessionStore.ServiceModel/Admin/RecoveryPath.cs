using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>How the service got its data back after finding its database damaged.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecoveryPath>))]
public enum RecoveryPath
{
    /// <summary>The newest good backup was restored and the rows still readable in the damaged file were merged on top.</summary>
    [JsonStringEnumMemberName("backup+salvage")] BackupAndSalvage,
    /// <summary>The newest good backup was restored; nothing more could be read from the damaged file.</summary>
    [JsonStringEnumMemberName("backup")] Backup,
    /// <summary>No good backup; the rows still readable in the damaged file were copied into a new database.</summary>
    [JsonStringEnumMemberName("salvage")] Salvage,
    /// <summary>No good backup and nothing readable: the service started with an empty database.</summary>
    [JsonStringEnumMemberName("empty")] Empty,
    /// <summary>Only SQLite's -shm index was garbage; it was set aside and rebuilt from the WAL. No data was touched.</summary>
    [JsonStringEnumMemberName("index-rebuilt")] IndexRebuilt,
    /// <summary>An operator replaced the database with a backup using the offline restore command.</summary>
    [JsonStringEnumMemberName("offline-restore")] OfflineRestore,
    /// <summary>The background check found damage after startup; the next start quarantines the file and recovers.</summary>
    [JsonStringEnumMemberName("restart-pending")] RestartPending,
}
