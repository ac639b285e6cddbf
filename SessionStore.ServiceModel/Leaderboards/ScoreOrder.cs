using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>Which scores rank first: points (higher) or times (lower).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScoreOrder>))]
public enum ScoreOrder
{
    [JsonStringEnumMemberName("higherIsBetter")] HigherIsBetter,
    [JsonStringEnumMemberName("lowerIsBetter")] LowerIsBetter,
}
