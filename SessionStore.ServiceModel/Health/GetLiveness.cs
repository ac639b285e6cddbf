namespace SessionStore.ServiceModel;

/// <summary>Is the process running: 200 while it runs.</summary>
[Route("/health/live", "GET")]
public sealed record GetLiveness : IReturn<HealthResponse>;
