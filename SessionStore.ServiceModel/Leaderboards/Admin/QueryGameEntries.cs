using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Admin: a game's entries in one state, newest first: the held ones wait for release, with the reason.</summary>
[Route("/api/admin/games/{game}/entries", "GET")]
public sealed record QueryGameEntries(
    [property: Description("The game.")]
    [property: GameName]
    string Game,
    [property: Description("held (default), hidden or listed.")]
    EntryState State = EntryState.Held,
    [property: Description("How many entries to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many entries to return, at most 100.")]
    [property: Range(1, Limits.MaxAdminTake)]
    int Take = Limits.DefaultAdminTake) : IReturn<GameEntriesPage>;

public sealed record GameEntriesPage(long Total, int Skip, int Take, IReadOnlyList<GameEntry> Results);

/// <summary>
/// An entry as an admin sees it: with the player's id, its state, and why it is held or hidden (<c>Detail</c> is the admin's
/// or the ban's reason, or the rule it breaks).
/// </summary>
public sealed record GameEntry(
    Guid SessionId, string Game, string PlayerName, string? PlayerId, long Score, DateTime AchievedAt, double DurationSeconds,
    EntryState State, EntryReason? Reason, string? Detail);
