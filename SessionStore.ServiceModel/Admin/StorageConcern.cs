namespace SessionStore.ServiceModel;

/// <summary>
/// One reason readiness is not Healthy although the service serves: a short reason for anyone who asks /health/ready, and
/// the details (times, sizes, the store's own words) for the operator.
/// </summary>
public sealed record StorageConcern(StorageConcernKind Kind, HealthStatus Status, string Reason, string Details);
