using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>A class of HTTP status codes, as the request log filters them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StatusClass>))]
public enum StatusClass
{
    [JsonStringEnumMemberName("2xx")] Success = 2,
    [JsonStringEnumMemberName("3xx")] Redirection = 3,
    [JsonStringEnumMemberName("4xx")] ClientError = 4,
    [JsonStringEnumMemberName("5xx")] ServerError = 5,
}
