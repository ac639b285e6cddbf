using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>How an export writes rows: CSV (RFC 4180, with a header row) or JSON (an array of objects).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExportFormat>))]
public enum ExportFormat
{
    [JsonStringEnumMemberName("csv")] Csv,
    [JsonStringEnumMemberName("json")] Json,
}
