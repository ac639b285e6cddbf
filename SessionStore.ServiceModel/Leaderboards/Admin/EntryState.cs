using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>Whether an entry is on the public boards: listed; held, because it breaks a rule, until an admin releases it; or hidden by an admin.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntryState>))]
public enum EntryState
{
    [JsonStringEnumMemberName("listed")] Listed,
    [JsonStringEnumMemberName("held")] Held,
    [JsonStringEnumMemberName("hidden")] Hidden,
}
