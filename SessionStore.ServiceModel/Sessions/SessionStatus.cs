using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>Where a session is in its life. Only an active session accepts writes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionStatus>))]
public enum SessionStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("abandoned")] Abandoned,
}
