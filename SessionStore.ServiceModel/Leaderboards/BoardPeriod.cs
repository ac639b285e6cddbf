using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>The window a board covers, in UTC: every entry, or one calendar day, ISO week (from Monday) or month.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BoardPeriod>))]
public enum BoardPeriod
{
    [JsonStringEnumMemberName("allTime")] AllTime,
    [JsonStringEnumMemberName("day")] Day,
    [JsonStringEnumMemberName("week")] Week,
    [JsonStringEnumMemberName("month")] Month,
}
