namespace SessionStore.ServiceModel;

/// <summary>Liveness or readiness, and why.</summary>
public sealed record HealthResponse(string Status, string Description, long? SchemaVersion = null)
{
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";
}
