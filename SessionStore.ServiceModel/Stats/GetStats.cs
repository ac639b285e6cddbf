using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>Reads session statistics (stored) and system statistics (this process only), of every game or of one.</summary>
[Route("/api/stats/", "GET")]
public sealed record GetStats(
    [property: Description("One game's sessions; every game's if not given.")]
    [property: GameName]
    string? Game = null) : IReturn<StatsResponse>;

public sealed record StatsResponse(SessionStats Sessions, SystemStats System);
