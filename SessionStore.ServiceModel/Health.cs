namespace SessionStore.ServiceModel;

/// <summary>
/// Liveness or readiness, and why. Readiness is Degraded (still 200: the service serves normally) while
/// there are recovery events no operator has acknowledged; they are listed in <see cref="RecoveryEvents"/>.
/// </summary>
public sealed record HealthResponse(string Status, string Description, long? SchemaVersion = null, IReadOnlyList<RecoveryEvent>? RecoveryEvents = null)
{
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
    public const string Unhealthy = "Unhealthy";
}
