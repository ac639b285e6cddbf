using System.Text.Json.Nodes;

namespace SessionStore.ServiceModel;

/// <summary>Starts a session. Every field is optional.</summary>
[Route("/api/sessions/", "POST")]
public sealed record CreateSession : IReturn<CreateSessionResponse>
{
    /// <summary>1-32 characters after trimming, no control characters.</summary>
    [PlayerName]
    public string? PlayerName { get; init; }

    /// <summary>1-64 of A-Z, a-z, 0-9, '_', '.', '-'. Defaults to "default".</summary>
    [GameName]
    public string? Game { get; init; }

    /// <summary>
    /// The player's own opaque id, such as a UUID kept in the browser: 1-64 printable ASCII characters without spaces. A
    /// best-per-player board keys on it (else on the name). It is never part of an answer.
    /// </summary>
    [PlayerId]
    public string? PlayerId { get; init; }

    /// <summary>Any JSON object of at most 4 KiB serialized.</summary>
    [MaxJsonSize(Limits.MetadataBytes)]
    public JsonObject? Metadata { get; init; }
}

/// <summary>The new session and its write token. The token is shown only here, once.</summary>
public sealed record CreateSessionResponse(Session Session, string Token);
