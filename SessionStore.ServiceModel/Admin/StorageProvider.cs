using System.Text.Json.Serialization;

namespace SessionStore.ServiceModel;

/// <summary>Which database keeps the data: one SQLite file in the data directory, or a PostgreSQL database several instances share.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StorageProvider>))]
public enum StorageProvider
{
    [JsonStringEnumMemberName("Sqlite")] Sqlite,
    [JsonStringEnumMemberName("PostgreSql")] PostgreSql,
}
