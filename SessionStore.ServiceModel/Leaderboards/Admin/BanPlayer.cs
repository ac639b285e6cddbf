using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Admin: the players banned from a game's boards, newest first.</summary>
[Route("/api/admin/games/{game}/bans", "GET")]
public sealed record ListBans(
    [property: Description("The game.")]
    [property: GameName]
    string Game,
    [property: Description("How many bans to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many bans to return, at most 100.")]
    [property: Range(1, Limits.MaxAdminTake)]
    int Take = Limits.DefaultAdminTake) : IReturn<BansPage>;

public sealed record BansPage(long Total, int Skip, int Take, IReadOnlyList<PlayerBan> Results);

/// <summary>A ban of a player id or a player name from one game's boards.</summary>
public sealed record PlayerBan(string Game, string? PlayerId, string? PlayerName, string Reason, DateTime BannedAt);

/// <summary>
/// Admin: bans a player from a game's boards: the entries already there are hidden, new ones are held. Name the player by
/// exactly one of playerId, playerName (every entry under that name) or sessionId (that session's player: its id if it
/// had one, else its name).
/// </summary>
[Route("/api/admin/games/{game}/bans", "POST")]
public sealed record BanPlayer : IReturn<PlayerBan>
{
    [Description("The game: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.")]
    public string Game { get; init; } = "";

    [PlayerId]
    public string? PlayerId { get; init; }

    [PlayerName]
    public string? PlayerName { get; init; }

    public Guid? SessionId { get; init; }

    /// <summary>Why, for the audit log and the held list.</summary>
    [Required, Reason]
    public string? Reason { get; init; }
}

/// <summary>Admin: lifts a ban; the player's entries are listed or held as the game's rules say again.</summary>
[Route("/api/admin/games/{game}/bans/lift", "POST")]
public sealed record LiftBan : IReturn<PlayerBan>
{
    [Description("The game: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.")]
    public string Game { get; init; } = "";

    [PlayerId]
    public string? PlayerId { get; init; }

    [PlayerName]
    public string? PlayerName { get; init; }

    /// <summary>Why, for the audit log.</summary>
    [Required, Reason]
    public string? Reason { get; init; }
}
