using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>The high scores API: a game's best completed sessions.</summary>
public static class HighScoresApi
{
    public const string Tag = "High scores";

    /// <summary>High scores are entered as sessions complete, and entered again from the sessions after a recovery.</summary>
    public static IServiceCollection AddHighScores(this IServiceCollection services) =>
        services
            .AddSingleton<ISessionChangeHook, HighScoreEntries>()
            .AddSingleton<IDerivedData, HighScoresFromSessions>();

    public static RouteGroupBuilder MapHighScores(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithApiTag(Tag, "Each game's best completed sessions, highest score first.");
        group.MapRequest<GetHighScores>(Get)
            .WithSummary("A game's high scores")
            .WithDescription("Ranked by score, highest first; on a tie the earlier score ranks first. Only completed sessions with a player name and a score are entered.");
        return group;
    }

    private static async Task<Ok<HighScoresResponse>> Get(
        [AsParameters] GetHighScores request, IStorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var top = await db.HighScores
            .Where(h => h.Game == request.Game)
            .OrderByDescending(h => h.Score).ThenBy(h => h.AchievedAt).ThenBy(h => h.SessionId)
            .Take(request.Take)
            .ToListAsync(cancellationToken);
        var ranked = top.Select((entry, index) => new HighScore(
            Rank: index + 1,
            PlayerName: entry.PlayerName,
            Score: entry.Score,
            SessionId: Guid.Parse(entry.SessionId),
            AchievedAt: UnixTime.ToDateTime(entry.AchievedAt)));
        return TypedResults.Ok(new HighScoresResponse(request.Game, [.. ranked]));
    }
}
