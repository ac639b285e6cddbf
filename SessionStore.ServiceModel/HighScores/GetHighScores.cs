using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Reads the best completed scores of one game.</summary>
[Route("/api/highscores/", "GET")]
public sealed record GetHighScores(
    [property: Description("The game, \"default\" if not given.")]
    [property: GameName]
    string Game = Limits.DefaultGame,
    [property: Description("How many entries to return, at most 100.")]
    [property: Range(1, Limits.MaxHighScoresTake)]
    int Take = Limits.DefaultHighScoresTake) : IReturn<HighScoresResponse>;

public sealed record HighScoresResponse(string Game, IReadOnlyList<HighScore> Results);
