using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace SessionStore.ServiceModel;

/// <summary>Reports progress; also the heartbeat that keeps a session active. Needs the session's token.</summary>
[Route("/api/sessions/{id:guid}", "PATCH")]
public sealed record UpdateSession : IReturn<Session>
{
    [Description("The session id.")]
    public Guid Id { get; init; }

    /// <summary>The current score, 0 up to the service's maximum (Sessions:MaxScore, 10^15 unless configured).</summary>
    [Range(0, long.MaxValue, ErrorMessage = "{0} must be 0 or more.")]
    public long? Score { get; init; }

    /// <summary>Replaces the session's metadata. At most 4 KiB serialized.</summary>
    [MaxJsonSize(Limits.MetadataBytes)]
    public JsonObject? Metadata { get; init; }
}
