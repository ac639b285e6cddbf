namespace SessionStore.ServiceModel;

/// <summary>Lists the recent restore drills, newest first.</summary>
[Route("/api/admin/drills", "GET")]
public sealed record ListRestoreDrills : IReturn<IReadOnlyList<RestoreDrillResult>>;
