namespace SessionStore.ServiceModel;

/// <summary>Reads session statistics (stored) and system statistics (this process only).</summary>
[Route("/api/stats/", "GET")]
public sealed record GetStats : IReturn<StatsResponse>;

public sealed record StatsResponse(SessionStats Sessions, SystemStats System);
