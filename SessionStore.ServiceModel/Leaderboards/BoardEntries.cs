using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>What a board holds: each player's best entry, or every completed session.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BoardEntries>))]
public enum BoardEntries
{
    [JsonStringEnumMemberName("bestPerPlayer")] BestPerPlayer,
    [JsonStringEnumMemberName("everySession")] EverySession,
}
