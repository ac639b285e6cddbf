namespace SessionStore.ServiceModel;

/// <summary>
/// Liveness or readiness, and one short reason. Readiness is Degraded (still 200: the service serves normally) while a recovery
/// no operator has acknowledged stands; anyone may ask, so the details are in the admin storage report, not here.
/// </summary>
public sealed record HealthResponse(HealthStatus Status, string Description);
