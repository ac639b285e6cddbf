using LinqToDB;
using LinqToDB.Async;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>The high scores API: a game's best completed sessions.</summary>
public static class HighScoresApi
{
    public const string Tag = "High scores";

    public static RouteGroupBuilder MapHighScores(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/highscores").WithTags(Tag);
        group.MapGet("/", Get)
            .WithName(nameof(GetHighScores))
            .WithSummary("A game's high scores")
            .WithDescription("Ranked by score, highest first; on a tie the earlier score ranks first. Only completed sessions with a player name and a score are entered.");
        return group;
    }

    private static async Task<Ok<HighScoresResponse>> Get(
        [AsParameters] GetHighScores request, DatabaseConnections database, CancellationToken cancellationToken)
    {
        await using var db = database.OpenReader();
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
