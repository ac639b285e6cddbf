using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>A game's leaderboard rules. A game gets the default rules when its first session starts.</summary>
[Route("/api/games/{game}", "GET")]
public sealed record GetGame(
    [property: Description("The game.")]
    [property: GameName]
    string Game) : IReturn<GameResponse>;

/// <summary>A game and the rules its boards follow.</summary>
public sealed record GameResponse(string Game, GameRules Rules);

/// <summary>
/// How a game's boards rank. A completion that breaks a rule (a score above <c>MaxScore</c>, a session shorter than
/// <c>MinDurationSeconds</c>) still completes; its entry is held off the boards until an admin releases it.
/// </summary>
public sealed record GameRules(ScoreOrder ScoreOrder, BoardEntries Entries, long? MaxScore, int? MinDurationSeconds);
