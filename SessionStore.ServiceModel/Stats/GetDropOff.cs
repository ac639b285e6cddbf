using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>Where players quit one game: its abandoned sessions that started from <c>From</c> to <c>To</c> (UTC days, at most 366).</summary>
[Route("/api/stats/dropoff", "GET")]
public sealed record GetDropOff(
    [property: Description("The game, \"default\" if not given.")]
    [property: GameName]
    string Game = Limits.DefaultGame,
    [property: Description("The first UTC day (its time of day is ignored); 29 days before 'to' if not given.")]
    [property: BoardTime]
    DateTime? From = null,
    [property: Description("The last UTC day, included (its time of day is ignored); today if not given.")]
    [property: BoardTime]
    DateTime? To = null) : IReturn<DropOffResponse>;

/// <summary>
/// The abandoned sessions counted by the integer <c>metadata.level</c> they last had (sessions without one are left out
/// of <c>ByLevel</c>) and by the minute of play they were last seen in (0 is the first minute). Lowest value first.
/// </summary>
public sealed record DropOffResponse(string Game, DateTime From, DateTime To, long Abandoned, IReadOnlyList<DropOffCount> ByLevel, IReadOnlyList<DropOffCount> ByMinute);

/// <summary>How many abandoned sessions had this level, or this minute of play.</summary>
public sealed record DropOffCount(long Value, long Abandoned);
