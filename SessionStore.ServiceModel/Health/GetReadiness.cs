namespace SessionStore.ServiceModel;

/// <summary>Can the service take requests: 200 Healthy or Degraded when the database is open and migrated, else 503 with the reason.</summary>
[Route("/health/ready", "GET")]
public sealed record GetReadiness : IReturn<HealthResponse>;
