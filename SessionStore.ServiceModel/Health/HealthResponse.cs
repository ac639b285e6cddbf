namespace SessionStore.ServiceModel;

/// <summary>
/// Liveness or readiness, and why. Readiness is Degraded (still 200: the service serves normally) while
/// there are recovery events no operator has acknowledged; they are listed in <c>recoveryEvents</c>.
/// </summary>
public sealed record HealthResponse(HealthStatus Status, string Description, long? SchemaVersion = null, IReadOnlyList<RecoveryEvent>? RecoveryEvents = null);
