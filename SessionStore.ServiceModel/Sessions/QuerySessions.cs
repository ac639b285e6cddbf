using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Lists sessions, newest first.</summary>
[Route("/api/sessions/", "GET")]
public sealed record QuerySessions(
    [property: Description("Only sessions with this status: active, completed or abandoned.")]
    SessionStatus? Status = null,
    [property: Description("Only sessions of this game.")]
    [property: GameName]
    string? Game = null,
    [property: Description("Only sessions of this player (exact name).")]
    [property: StringLength(Limits.PlayerNameLength, MinimumLength = 1)]
    string? PlayerName = null,
    [property: Description("How many sessions to skip, at most 10000; page further with after.")]
    [property: Range(0, Limits.MaxQuerySkip, ErrorMessage = "{0} must be {1} to {2}: to page further, pass the previous page's next as after.")]
    int Skip = 0,
    [property: Description("How many sessions to return, at most 500.")]
    [property: Range(1, Limits.MaxQueryTake)]
    int Take = Limits.DefaultQueryTake,
    [property: Description("Continue after this cursor: the next of the previous page (with the same filters).")]
    string? After = null) : IReturn<QuerySessionsResponse>;

/// <summary>
/// One page of sessions. <c>Total</c> counts the sessions that pass the filters, up to a limit when a game or player is named;
/// past it <c>TotalIsLowerBound</c> is true. <c>Next</c> is the cursor of the following page, null on the last.
/// </summary>
public sealed record QuerySessionsResponse(long Total, bool TotalIsLowerBound, int Skip, int Take, IReadOnlyList<Session> Results, string? Next);
