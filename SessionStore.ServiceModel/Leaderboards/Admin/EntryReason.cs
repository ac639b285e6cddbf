using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>Why an entry is held or hidden.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntryReason>))]
public enum EntryReason
{
    /// <summary>An admin hid it.</summary>
    [JsonStringEnumMemberName("hiddenByAdmin")] HiddenByAdmin,
    /// <summary>Its player is banned from the game's boards: hidden if it was entered before the ban, held if after.</summary>
    [JsonStringEnumMemberName("playerBanned")] PlayerBanned,
    [JsonStringEnumMemberName("aboveMaxScore")] AboveMaxScore,
    [JsonStringEnumMemberName("belowMinDuration")] BelowMinDuration,
}
