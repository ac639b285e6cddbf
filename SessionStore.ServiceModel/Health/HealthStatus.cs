using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>How a health probe answers: Degraded still serves normally, Unhealthy does not.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    [JsonStringEnumMemberName("Healthy")] Healthy,
    [JsonStringEnumMemberName("Degraded")] Degraded,
    [JsonStringEnumMemberName("Unhealthy")] Unhealthy,
}
