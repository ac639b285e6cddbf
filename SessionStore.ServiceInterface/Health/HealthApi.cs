using Microsoft.Data.Sqlite;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Health;

/// <summary>Health probes for orchestrators and load balancers.</summary>
public static class HealthApi
{
    public const string Tag = "Health";

    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags(Tag);
        group.MapGet("/live", Live)
            .WithName("GetLiveness")
            .WithSummary("Is the process running")
            .WithDescription("200 while the process runs. Restart the service only if this fails.");
        group.MapGet("/ready", Ready)
            .WithName("GetReadiness")
            .WithSummary("Can the service take requests")
            .WithDescription("200 when the database is open and migrated; 503 with the reason otherwise.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static Ok<HealthResponse> Live() =>
        TypedResults.Ok(new HealthResponse(HealthResponse.Healthy, "The process is running."));

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(
        StorageStatus status, DatabaseConnections database, CancellationToken cancellationToken)
    {
        if (!status.IsReady) return NotReady(status.Description);
        try
        {
            await using var db = database.OpenReader();
            await db.OpenDbConnectionAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            return NotReady($"The database cannot be read: {e.Message}");
        }
        return TypedResults.Ok(new HealthResponse(HealthResponse.Healthy, status.Description, status.SchemaVersion));
    }

    private static JsonHttpResult<HealthResponse> NotReady(string why) =>
        TypedResults.Json(new HealthResponse(HealthResponse.Unhealthy, why), statusCode: StatusCodes.Status503ServiceUnavailable);
}
