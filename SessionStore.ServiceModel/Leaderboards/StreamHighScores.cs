using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>
/// Server-Sent Events: a <c>board</c> event with the top of the board (a <see cref="HighScoresResponse"/> as JSON) at once,
/// and again whenever that top changes or the period rolls over; a comment line keeps the connection open in between.
/// </summary>
[Route("/api/highscores/stream", "GET")]
public sealed record StreamHighScores(
    [property: Description("The game, \"default\" if not given.")]
    [property: GameName]
    string Game = Limits.DefaultGame,
    [property: Description("allTime (default), day, week (ISO, from Monday) or month, in UTC: always the current one.")]
    BoardPeriod Period = BoardPeriod.AllTime,
    [property: Description("How many entries each event carries, at most 100.")]
    [property: Range(1, Limits.MaxHighScoresTake)]
    int Take = Limits.DefaultHighScoresTake) : IReturn<Stream>;
