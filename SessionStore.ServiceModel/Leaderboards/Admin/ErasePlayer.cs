using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>
/// Admin: erases a player's data on request, in every game: their sessions and their entries, with every count kept
/// consistent. Name the player by exactly one of playerId and playerName. Bans stay; the audit log keeps a salted hash of
/// the player, not the player.
/// </summary>
[Route("/api/admin/players/erase", "POST")]
public sealed record ErasePlayer : IReturn<ErasedPlayer>
{
    [PlayerId]
    public string? PlayerId { get; init; }

    [PlayerName]
    public string? PlayerName { get; init; }

    /// <summary>Why, for the audit log (optional), such as the request's reference.</summary>
    [Reason]
    public string? Reason { get; init; }
}

public sealed record ErasedPlayer(long SessionsErased, long EntriesErased);
