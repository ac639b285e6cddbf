using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>What keeps readiness Degraded while the service still serves.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StorageConcernKind>))]
public enum StorageConcernKind
{
    /// <summary>Damage was found in the live database while the service ran, and is not repaired yet.</summary>
    [JsonStringEnumMemberName("damage-not-repaired")] DamageNotRepaired,
    /// <summary>Copies off the host failed several times in a row.</summary>
    [JsonStringEnumMemberName("uploads-failing")] UploadsFailing,
    /// <summary>No backup a restore drill proved restorable is younger than twice the drill interval.</summary>
    [JsonStringEnumMemberName("restore-unproven")] RestoreUnproven,
}
