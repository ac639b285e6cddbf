using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Ends a session as completed, optionally with a final score. Needs the session's token.</summary>
[Route("/api/sessions/{id:guid}/complete", "POST")]
public sealed record CompleteSession : IReturn<Session>
{
    [Description("The session id.")]
    public Guid Id { get; init; }

    /// <summary>The final score, 0 up to the service's maximum (Sessions:MaxScore, 10^15 unless configured).</summary>
    [Range(0, long.MaxValue, ErrorMessage = "{0} must be 0 or more.")]
    public long? Score { get; init; }
}
