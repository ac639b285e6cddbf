using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>A player's entry on a board, its rank, the board's size and the entries around it. Name exactly one of playerId, playerName and sessionId.</summary>
[Route("/api/highscores/rank", "GET")]
public sealed record GetHighScoreRank(
    [property: Description("The game, \"default\" if not given.")]
    [property: GameName]
    string Game = Limits.DefaultGame,
    [property: Description("allTime (default), day, week (ISO, from Monday) or month, in UTC.")]
    BoardPeriod Period = BoardPeriod.AllTime,
    [property: Description("A time inside the period to read (UTC); now if not given.")]
    [property: BoardTime]
    DateTime? At = null,
    [property: Description("The player's id, as sent when creating sessions. It never appears in an answer.")]
    [property: PlayerId]
    string? PlayerId = null,
    [property: Description("The player's name: the best entry of that name on the board.")]
    [property: PlayerName]
    string? PlayerName = null,
    [property: Description("A session: its player's entry on a best-per-player board, the session's own on an every-session board.")]
    Guid? SessionId = null,
    [property: Description("How many entries above and below to include, at most 25.")]
    [property: Range(0, Limits.MaxRankAround)]
    int Around = Limits.DefaultRankAround) : IReturn<HighScoreRankResponse>;

/// <summary>The player's entry with its rank, how many entries the board has, and the entries just above and below it, best first.</summary>
public sealed record HighScoreRankResponse(
    string Game, BoardPeriod Period, DateTime? From, DateTime? To, long Total, HighScore Entry, IReadOnlyList<HighScore> Above, IReadOnlyList<HighScore> Below);
