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
    [property: Description("How many sessions to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many sessions to return, at most 500.")]
    [property: Range(1, Limits.MaxQueryTake)]
    int Take = Limits.DefaultQueryTake) : IReturn<QuerySessionsResponse>;

/// <summary>One page of sessions.</summary>
public sealed record QuerySessionsResponse(long Total, int Skip, int Take, IReadOnlyList<Session> Results);
