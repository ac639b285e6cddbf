using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Reads a page of one game's board for a period: the top by default, deeper with skip or a cursor.</summary>
[Route("/api/highscores/", "GET")]
public sealed record GetHighScores(
    [property: Description("The game, \"default\" if not given.")]
    [property: GameName]
    string Game = Limits.DefaultGame,
    [property: Description("allTime (default), day, week (ISO, from Monday) or month, in UTC.")]
    BoardPeriod Period = BoardPeriod.AllTime,
    [property: Description("A time inside the period to read (UTC); now if not given. Past periods stay readable.")]
    [property: BoardTime]
    DateTime? At = null,
    [property: Description("How many entries to skip, at most 10,000; deeper pages follow the cursor.")]
    [property: Range(0, Limits.MaxHighScoresSkip)]
    int Skip = 0,
    [property: Description("How many entries to return, at most 100.")]
    [property: Range(1, Limits.MaxHighScoresTake)]
    int Take = Limits.DefaultHighScoresTake,
    [property: Description("The next page after a previous answer: its cursor. Not with skip.")]
    [property: StringLength(Limits.CursorLength, MinimumLength = 1)]
    string? Cursor = null) : IReturn<HighScoresResponse>;

/// <summary>
/// A page of a board. <c>From</c> and <c>To</c> bound the period (null for allTime); <c>Cursor</c> reads the next page,
/// null when this page reached the end of the board.
/// </summary>
public sealed record HighScoresResponse(
    string Game, BoardPeriod Period, DateTime? From, DateTime? To, IReadOnlyList<HighScore> Results, string? Cursor);
