using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>Reads one session.</summary>
[Route("/api/sessions/{id:guid}", "GET")]
public sealed record GetSession : IReturn<Session>
{
    [Description("The session id.")]
    public required Guid Id { get; init; }
}
