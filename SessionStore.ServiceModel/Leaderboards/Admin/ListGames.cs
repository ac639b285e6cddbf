using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Admin: the games, by name, with their rules and how many entries wait for moderation.</summary>
[Route("/api/admin/games/", "GET")]
public sealed record ListGames(
    [property: Description("How many games to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many games to return, at most 100.")]
    [property: Range(1, Limits.MaxAdminTake)]
    int Take = Limits.DefaultAdminTake) : IReturn<GamesPage>;

public sealed record GamesPage(long Total, int Skip, int Take, IReadOnlyList<GameSummary> Results);

/// <summary>A game's rules, when it was first seen, and how many of its entries are held, hidden, and its players banned.</summary>
public sealed record GameSummary(string Game, GameRules Rules, DateTime CreatedAt, long Held, long Hidden, long Bans);
