namespace SessionStore.ServiceModel;

/// <summary>Marks every open recovery event as seen, so readiness is Healthy again. Answers with every event, newest first.</summary>
[Route("/api/admin/recovery/acknowledge", "POST")]
public sealed record AcknowledgeRecovery : IReturn<IReadOnlyList<RecoveryEvent>>;
