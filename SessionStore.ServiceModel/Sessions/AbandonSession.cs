using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>Ends a session as abandoned. Needs the session's token.</summary>
[Route("/api/sessions/{id:guid}/abandon", "POST")]
public sealed record AbandonSession : IReturn<Session>
{
    [Description("The session id.")]
    public required Guid Id { get; init; }
}
