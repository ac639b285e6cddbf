namespace SessionStore.ServiceModel;

/// <summary>Runs a restore drill now: the newest local backup and the newest remote copy, each restored into a scratch folder and checked.</summary>
[Route("/api/admin/drills", "POST")]
public sealed record RunRestoreDrill : IReturn<IReadOnlyList<RestoreDrillResult>>;
